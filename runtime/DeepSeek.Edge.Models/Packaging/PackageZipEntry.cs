namespace DeepSeek.Edge.Models.Packaging;

/// <summary>One entry for <see cref="PackageZipWriter"/>: its name in the zip and the code that writes its content.</summary>
internal sealed record PackageZipEntry(string Name, Action<Stream, CancellationToken> WriteTo);
