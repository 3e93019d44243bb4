namespace DeepSeek.Edge.Decoding.BoxesScores;

/// <summary>How the four numbers of a decoded box are laid out.</summary>
internal enum BoxFormat
{
    /// <summary>x1, y1, x2, y2 (corners).</summary>
    Xyxy,

    /// <summary>x, y (top-left), w, h.</summary>
    Xywh,

    /// <summary>cx, cy (centre), w, h.</summary>
    Cxcywh,

    /// <summary>y1, x1, y2, x2 (corners, TensorFlow Object Detection API order).</summary>
    Yxyx,
}
