using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>Plugs <see cref="OutboxOptions.Validate"/> into <c>AddOptions&lt;OutboxOptions&gt;().ValidateOnStart()</c>.</summary>
public sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
