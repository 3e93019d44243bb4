using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Health;

/// <summary>Runs <see cref="HealthOptions.Validate"/> for <c>ValidateOnStart</c>.</summary>
public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
