using System.Device.Gpio;
using System.Device.Gpio.Drivers;

namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>Creates the real <see cref="GpioController"/> on /dev/gpiochipN through libgpiod.</summary>
public static class GpioControllerFactory
{
    /// <summary>Opens chip <paramref name="chip"/>; <paramref name="deviceDirectory"/> is where gpiochip nodes live (/dev).</summary>
    /// <exception cref="GpioUnavailableException">No such chip, no permission, or libgpiod is missing.</exception>
    public static GpioController Create(int chip, string deviceDirectory = "/dev")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chip);
        ArgumentException.ThrowIfNullOrEmpty(deviceDirectory);

        var node = Path.Combine(deviceDirectory, $"gpiochip{chip}");
        if (!File.Exists(node))
        {
            throw new GpioUnavailableException(
                $"no GPIO chip at {node}: disable Gpio (Gpio:Enabled=false) on a board without GPIO, " +
                $"or set Gpio:Chip to a chip that exists (`ls {deviceDirectory}/gpiochip*`, `gpiodetect`).");
        }

        GpioDriver driver;
        try
        {
            driver = new LibGpiodDriver(chip);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw NoPermission(node, ex);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException or TypeInitializationException)
        {
            throw new GpioUnavailableException(
                $"cannot open {node}: libgpiod is not installed or not usable ({ex.Message}): install it (`apt-get install libgpiod2`) or disable Gpio.", ex);
        }
        catch (IOException ex)
        {
            throw NoPermission(node, ex);
        }

        return new GpioController(driver);
    }

    private static GpioUnavailableException NoPermission(string node, Exception ex) =>
        new($"cannot open {node} ({ex.Message}): add the service user to group gpio (`usermod -aG gpio ds-edge`) " +
            "and make sure a udev rule gives that group the chip, or disable Gpio.", ex);
}
