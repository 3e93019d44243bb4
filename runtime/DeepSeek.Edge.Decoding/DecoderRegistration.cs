using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding;

/// <summary>One decoder kind: its name, the task it serves, the parameter keys it reads and how to build it from a manifest.</summary>
internal sealed record DecoderRegistration(string Kind, ModelTask Task, string[] Keys, Func<ModelManifest, IOutputDecoder> Create);
