namespace DeepSeek.Edge.Agent.Cli.Doctor;

/// <summary>How a check came out: <c>ok</c>, <c>warn</c> (works, but see the fix) or <c>fail</c> (blocks the agent).</summary>
internal enum DoctorStatus
{
    Ok,
    Warn,
    Fail,
}

/// <summary>One line of <c>ds-edge doctor</c>: what was checked, what was found and, unless it is fine, the fix.</summary>
internal sealed record DoctorCheck(string Name, DoctorStatus Status, string Found, string? Fix = null)
{
    public static DoctorCheck Ok(string name, string found) => new(name, DoctorStatus.Ok, found);

    public static DoctorCheck Warn(string name, string found, string fix) => new(name, DoctorStatus.Warn, found, fix);

    public static DoctorCheck Fail(string name, string found, string fix) => new(name, DoctorStatus.Fail, found, fix);
}
