namespace DeepSeek.Edge.Models.Results;

/// <summary>An axis-aligned box: top-left corner, width and height, in the pixel space named by whoever holds it.</summary>
public readonly record struct BoxF(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;
    public float Bottom => Y + Height;
    public float Area => Width > 0 && Height > 0 ? Width * Height : 0f;

    public static BoxF FromCenter(float cx, float cy, float w, float h) => new(cx - w / 2f, cy - h / 2f, w, h);

    public static BoxF FromCorners(float x1, float y1, float x2, float y2) => new(x1, y1, x2 - x1, y2 - y1);

    public float IntersectionOverUnion(in BoxF other)
    {
        var ix = MathF.Max(0f, MathF.Min(Right, other.Right) - MathF.Max(X, other.X));
        var iy = MathF.Max(0f, MathF.Min(Bottom, other.Bottom) - MathF.Max(Y, other.Y));
        var inter = ix * iy;
        var union = Area + other.Area - inter;
        return union <= 0f ? 0f : inter / union;
    }
}
