using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>Runs <see cref="OtaOptions.Validate"/> for <c>ValidateOnStart</c>.</summary>
public sealed class OtaOptionsValidator : IValidateOptions<OtaOptions>
{
    public ValidateOptionsResult Validate(string? name, OtaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
