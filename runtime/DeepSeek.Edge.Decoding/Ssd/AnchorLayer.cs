namespace DeepSeek.Edge.Decoding.Ssd;

/// <summary>One feature map of an SSD head: its stride in input pixels and how many anchors sit on each cell.</summary>
internal sealed record AnchorLayer(int Stride, int AnchorsPerCell);
