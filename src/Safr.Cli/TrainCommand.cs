using System.CommandLine;
using System.Globalization;
using Safr.Kit.Data;
using Safr.Kit.Runs;
using Safr.Kit.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace Safr.Cli;

/// <summary>
/// <c>safr train --dataset NAME --imp L --inter L --seed S ...</c> (every <see cref="RunSpec"/> field is a flag): the
/// release's training, checkpointed and resumable, then the full evaluation, written as the run's record.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var fields = new RunSpecOptions();
        var output = new Option<DirectoryInfo?>("--out") { Description = "Run folder (default runs/NAME, NAME as RunSpec names it: DATASET[-SOURCE]-MODE[-TOKENIZER]-impL-interL-seedS)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in the run folder from its latest epoch checkpoint, as the run recorded it (flags given must agree)." };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads (default: all cores)." };
        var printSpec = new Option<bool>("--print-spec") { Description = "Print the run's spec (JSON, as record.json and sweep cells hold it) and its run folder, then exit without training." };
        var command = new Command("train", "Train the released model with SAFR's regularizers; a checkpoint each epoch, then accuracy, polysemanticity, L_inter and faithfulness on test, kept as the run's record.");
        foreach (var option in fields.Options) command.Options.Add(option);
        command.Options.Add(output);
        command.Options.Add(resume);
        command.Options.Add(threads);
        command.Options.Add(printSpec);
        command.SetAction((parse, cancellationToken) => Task.Run(() => CliErrors.Run("train", () =>
        {
            set_num_threads(parse.GetValue(threads) ?? Environment.ProcessorCount);
            var given = fields.Given(parse);
            var spec = fields.Spec(parse).Validate();
            var run = new RunFolder(parse.GetValue(output)?.FullName ?? Path.Combine("runs", spec.RunFolderName()));
            if (parse.GetValue(printSpec))
            {
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(spec, RunSpec.Json));
                Console.WriteLine($"run folder: {run}");
                return 0;
            }
            if (parse.GetValue(resume))
            {
                spec = Recorded(run, given);
            }
            else if (run.HoldsRun)
            {
                throw new CliException($"{run} already holds a run; pass --resume to continue it, or --out to start another");
            }

            // Loaded as asked: the default's fallback to the trees logs why and, offline, names both ways to get SST-2.
            var data = RunData.Load(spec, new DatasetOptions { Log = Console.Error });
            Console.WriteLine(data);
            var experiment = new Experiment(data, spec);
            spec = experiment.Template;
            var resumed = run.LatestCheckpoint() is not null;
            if (resumed) Console.WriteLine($"resuming {run} after {Path.GetFileName(run.LatestCheckpoint())}");
            // How much of dev and test the vocabulary (train's tokens) covers, up to the max length the model sees.
            Console.WriteLine(experiment.Vocabulary);
            Console.WriteLine($"dev tokens: {experiment.Vocabulary.Report(experiment.DevSet, experiment.MaxLength)}");
            Console.WriteLine($"test tokens: {experiment.Vocabulary.Report(experiment.TestSet, experiment.MaxLength)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"training {spec.DatasetName} ({experiment.TrainSet.Count:N0} train, {experiment.DevSet.Count:N0} dev): {spec}, {(spec.PaperCompatible ? "paper-compatible (last epoch)" : "best dev epoch")}, {get_num_threads()} threads, run folder {run}"));
            using var trained = TrainingProgressView.Show(AnsiConsole.Console,
                progress => experiment.Train(spec, cancellationToken: cancellationToken, steps: p => progress("", p), runFolder: run));
            Console.WriteLine(trained.Training);
            var record = experiment.Evaluate(trained);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy {record.TestAccuracy:P2} (model from epoch {trained.Training.ModelEpoch})"));
            Console.WriteLine(record.Test);
            Console.WriteLine($"wrote {run.RecordFile}");
            return 0;
        })));
        return command;
    }

    /// <summary>
    /// The spec of the run to resume: the one it recorded (runs from before spec.json: read from its checkpoint's options),
    /// refusing a flag that asks for something else.
    /// </summary>
    private static RunSpec Recorded(RunFolder run, IReadOnlyList<(RunField Field, object? Value)> given)
    {
        if (run.LatestCheckpoint() is not { } latest) throw new CliException($"{run}: no epoch checkpoint to resume from");
        var recorded = RunSpec.ReadFrom(run) ?? FromManifest(Checkpoint.ReadManifest(latest));
        foreach (var (field, value) in given)
        {
            if (!Equals(field.Get(recorded), value))
                throw new CliException($"{run} was trained with --{field.Name} {RunField.Format(field.Get(recorded), "(none)")}; resume it without --{field.Name} {RunField.Format(value, "(none)")}");
        }
        return recorded;
    }

    /// <summary>A run from before spec.json: its checkpoint's options and vocabulary say what it is.</summary>
    private static RunSpec FromManifest(CheckpointManifest m)
    {
        var o = m.Options;
        return new RunSpec
        {
            Dataset = o.Dataset ?? Datasets.Sst2,
            Sst2Source = o.Sst2Source is { } s && s != Sst2Source.SentenceFiles ? Sst2Sources.NameOf(s) : null,
            Tokenizer = CliTokenizer.Of(m), MaxLength = o.MaxLength, Mode = o.Mode,
            LambdaImportance = o.LambdaImportance, LambdaInteraction = o.LambdaInteraction, VmaskBeta = o.VmaskBeta?.Start ?? 0, Seed = o.Seed,
            Epochs = o.MaxEpochs, Patience = o.Patience, BatchSize = o.BatchSize, LearningRate = o.LearningRate, PaperCompatible = o.PaperCompatible,
        };
    }
}
