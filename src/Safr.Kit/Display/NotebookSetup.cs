using static TorchSharp.torch;

namespace Safr.Kit.Display;

/// <summary>The first lines of the kit's notebooks, in one call: <c>NotebookSetup.Configure(device)</c>.</summary>
public static class NotebookSetup
{
    /// <summary>
    /// Gives libtorch every core, makes figures load plotly.js from its CDN (so a saved notebook stays small;
    /// set <see cref="Plots.Script"/> to <see cref="PlotlyScript.Embedded"/> to work offline), and says what runs where.
    /// </summary>
    /// <param name="device">"cpu", or "cuda" / "cuda:N" where libtorch has CUDA.</param>
    public static string Configure(string device = "cpu")
    {
        var target = new Device(device);
        set_num_threads(Environment.ProcessorCount);
        Plots.Script = PlotlyScript.Cdn;
        return $"libtorch {__version__}, {get_num_threads()} threads, device {target} (CUDA available: {cuda.is_available()})";
    }
}
