namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>The configured GPIO chip cannot be used; the message says why and what to change.</summary>
public sealed class GpioUnavailableException : Exception
{
    public GpioUnavailableException()
    {
    }

    public GpioUnavailableException(string message)
        : base(message)
    {
    }

    public GpioUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
