using System.CommandLine;
using Safr.Kit.Analysis;
using Safr.Kit.Display;
using Safr.Kit.Training;
using Safr.Kit.Serialization;
using static TorchSharp.torch;

namespace Safr.Cli;

/// <summary><c>safr probe CHECKPOINT "a sentence"</c>: how the model allocates its neurons to the sentence's tokens, as HTML and JSON.</summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<DirectoryInfo>("CHECKPOINT") { Description = "A run folder or a checkpoint folder." };
        var text = new Argument<string>("TEXT") { Description = "The sentence to probe (cut into tokens by the model's own tokenizer, as in training)." };
        var tokenizer = CliTokenizer.Option("The model's own tokenizer is always used; when given, this must name it (a mismatch is refused).");
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for allocation.html and allocation.json (default: the run folder's probe/, or the checkpoint folder's probe/)." };
        var layer = new Option<int>("--layer") { Description = "Which block's FFN and attention to read.", DefaultValueFactory = _ => 0 };
        var share = new Option<double>("--monosemantic-share") { Description = "A neuron is monosemantic when its dominant token holds at least this share of its activation.", DefaultValueFactory = _ => NeuronAllocation.DefaultMonosemanticShare };
        var command = new Command("probe", "Capture a forward pass and write the token x neuron allocation, token overlap matrix (inside L_imp), VMASK importance and correlated pairs.")
        {
            checkpoint, text, output, layer, share, tokenizer,
        };
        command.SetAction(parse => CliErrors.Run("probe", () =>
        {
            var model = RunFolder.ResolveModel(parse.GetValue(checkpoint)!.FullName);
            CliTokenizer.Check(parse.GetValue(tokenizer), CliTokenizer.Of(Checkpoint.ReadManifest(model)), model);
            var loaded = Checkpoint.Load(model);
            using var probe = new AllocationProbe(loaded.Model);
            var report = CliErrors.UserValues("probe", () => probe.Run(loaded.Vocabulary, parse.GetValue(text)!, parse.GetValue(layer), parse.GetValue(share)));
            var dir = parse.GetValue(output)?.FullName ?? RunFolder.Containing(model)?.ProbeFolder ?? Path.Combine(model, "probe");
            Directory.CreateDirectory(dir);
            AtomicFile.WriteAllBytes(Path.Combine(dir, "allocation.json"), System.Text.Encoding.UTF8.GetBytes(report.ToJson()));
            // The display layer's page, plotly.js inlined so the file opens offline; without it installed, figures need the CDN.
            var page = SafrDisplay.ToPage("SAFR allocation report", PlotlyScript.Embedded, report);
            AtomicFile.WriteAllBytes(Path.Combine(dir, "allocation.html"), System.Text.Encoding.UTF8.GetBytes(page));
            Console.WriteLine(report);
            if (Plots.FindPlotlyJs() is null)
                Console.Error.WriteLine("probe: plotly.js is not installed (tools/plotly/install), so allocation.html loads it from the CDN: its figures need the network; the numbers are in its tables");
            Console.WriteLine($"wrote {Path.Combine(dir, "allocation.html")} and allocation.json");
            return 0;
        }));
        return command;
    }
}
