namespace DeepSeek.Edge.Models.Store;

/// <summary>A version installed by <see cref="ModelStore.Stage"/>. <see cref="AlreadyPresent"/>: the same signed manifest was already installed.</summary>
public sealed record StagedModel(ModelRef Model, string Directory, string PackageSha256, string KeyId, bool AlreadyPresent);
