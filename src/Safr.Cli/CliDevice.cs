using static TorchSharp.torch;

namespace Safr.Cli;

/// <summary>The --device option: a device name TorchSharp knows, on a backend this process has.</summary>
internal static class CliDevice
{
    public static Device Parse(string name)
    {
        var device = CliErrors.UserValues("--device", () => new Device(name));
        if (device.type == TorchSharp.DeviceType.CUDA && !cuda.is_available())
            throw new CliException($"--device {name}: TorchSharp found no CUDA device; this build references TorchSharp-cpu " +
                "(README, section GPU: reference TorchSharp-cuda-linux on an NVIDIA machine)");
        return device;
    }
}
