namespace DeepSeek.Edge.Decoding.Common;

internal static class Activation
{
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
