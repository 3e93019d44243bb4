using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>Runs <see cref="GpioOptions.Validate"/> for <c>ValidateOnStart</c>.</summary>
public sealed class GpioOptionsValidator : IValidateOptions<GpioOptions>
{
    public ValidateOptionsResult Validate(string? name, GpioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
