using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>Plugs <see cref="ISelfValidatingOptions.Validate"/> into <c>AddOptions&lt;T&gt;().ValidateOnStart()</c>.</summary>
public sealed class SelfValidatingOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, ISelfValidatingOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
