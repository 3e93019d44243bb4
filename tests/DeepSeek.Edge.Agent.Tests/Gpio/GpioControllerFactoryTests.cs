using DeepSeek.Edge.Agent.Gpio;

namespace DeepSeek.Edge.Agent.Tests.Gpio;

public sealed class GpioControllerFactoryTests : IDisposable
{
    private readonly DirectoryInfo _dev = Directory.CreateTempSubdirectory("ds-edge-dev-");

    public void Dispose() => _dev.Delete(recursive: true);

    [Fact]
    public void Create_NoChipNode_ThrowsNamingTheNodeAndTheFix()
    {
        var ex = Assert.Throws<GpioUnavailableException>(() => GpioControllerFactory.Create(2, _dev.FullName));

        Assert.StartsWith($"no GPIO chip at {Path.Combine(_dev.FullName, "gpiochip2")}: disable Gpio (Gpio:Enabled=false)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Gpio:Chip", ex.Message, StringComparison.Ordinal);
    }
}
