using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>Plugs <see cref="MqttLinkOptions.Validate"/> into <c>AddOptions&lt;MqttLinkOptions&gt;().ValidateOnStart()</c>.</summary>
public sealed class MqttLinkOptionsValidator : IValidateOptions<MqttLinkOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttLinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
