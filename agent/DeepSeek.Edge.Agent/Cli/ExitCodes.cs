namespace DeepSeek.Edge.Agent.Cli;

/// <summary>Process exit codes shared by every verb, so scripts can tell a bad input from a failure.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    /// <summary><c>quantize</c>: the INT8 model misses the accuracy budget and was not written.</summary>
    public const int BelowAccuracyBudget = 3;
}
