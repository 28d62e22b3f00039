using System.CommandLine;
using System.Globalization;
using Safr.Kit.Runs;
using Spectre.Console;
using static TorchSharp.torch;

namespace Safr.Cli;

/// <summary><c>safr demo</c>: baseline vs SAFR on the built-in planted task, as one table.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seeds the task, the models and training.", DefaultValueFactory = _ => 0 };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs per model (patience 3 on dev accuracy).", DefaultValueFactory = _ => 12 };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads (default: all cores)." };
        var command = new Command("demo", "Train a baseline and SAFR on a synthetic task with planted decisive tokens and compare them (about a minute on 2 cores).")
        {
            seed, epochs, threads,
        };
        command.SetAction((parse, cancellationToken) => Task.Run(() => CliErrors.Run("demo", () =>
        {
            set_num_threads(parse.GetValue(threads) ?? Environment.ProcessorCount);
            var result = TrainingProgressView.Show(AnsiConsole.Console, progress => PlantedDemo.Run(
                seed: parse.GetValue(seed), maxEpochs: parse.GetValue(epochs), log: Console.WriteLine, cancellationToken: cancellationToken, progress: progress));
            Console.WriteLine();
            Console.WriteLine(result.ToTable());
            Console.WriteLine("poly(imp) / poly(other): mean polysemanticity P_l (the L_imp quantity) of test tokens whose VMASK keep probability is above / at most 0.5;");
            Console.WriteLine("prec@k: share of each text's k planted tokens among its k highest keep probabilities; L_inter: the interaction term on the test set.");
            if (result.Runs.Count == 2)
            {
                var (b, s) = (result.Runs[0].Test, result.Runs[1].Test);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"SAFR vs baseline: important-token polysemanticity {s.Polysemanticity.Important:F4} vs {b.Polysemanticity.Important:F4} ({(s.Polysemanticity.Important / b.Polysemanticity.Important - 1):+0.0%;-0.0%}), accuracy {(s.Accuracy - b.Accuracy) * 100:+0.00;-0.00} points."));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {result.Seconds:F1} s on {get_num_threads()} threads"));
            return 0;
        })));
        return command;
    }
}
