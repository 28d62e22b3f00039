using System.CommandLine;
using System.Globalization;
using Safr.Kit;
using Safr.Kit.Data;
using Safr.Kit.Model;
using Safr.Kit.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace Safr.Cli;

/// <summary><c>safr train --dataset NAME --imp L --inter L --seed S</c>: the release's training, checkpointed and resumable.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = $"One of {string.Join(", ", Datasets.Names)}.", Required = true };
        dataset.AcceptOnlyFromAmong([.. Datasets.Names]);
        var imp = new Option<double>("--imp") { Description = "lambda_imp, the weight of L_imp (0: off).", DefaultValueFactory = _ => 0 };
        var inter = new Option<double>("--inter") { Description = "lambda_inter, the weight of L_inter (0: off).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seeds initialisation, batch order, dropout and VMASK noise.", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu or cuda (cuda:N).", DefaultValueFactory = _ => "cpu" };
        var paper = new Option<bool>("--paper-compatible") { Description = "Test the last epoch's weights, as the release does (its best state is a live reference)." };
        var mode = new Option<string>("--mode") { Description = "paper: every batch padded to the max length, mean pooling over all positions and L_imp over every position, as released; fast: each batch padded to its longest text (length bucketing), pooling and L_imp over real tokens only.", DefaultValueFactory = _ => "paper" };
        mode.AcceptOnlyFromAmong("paper", "fast");
        var vmaskBeta = new Option<double>("--vmask-beta") { Description = "beta, the weight of VMASK's information term, annealed as the VMASK release does (down 0.099 every 10 epochs); 0 (default) is the SAFR release, which has no such term.", DefaultValueFactory = _ => 0 };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs.", DefaultValueFactory = _ => 100 };
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without a better dev accuracy.", DefaultValueFactory = _ => 3 };
        var maxLength = new Option<int?>("--max-length") { Description = "Tokens per text (default: 256 for imdb, else 128, as released)." };
        var fraction = new Option<double>("--train-fraction") { Description = "Train on this fraction of the training set (a seeded sample; 1 = all).", DefaultValueFactory = _ => 1.0 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Run folder (default runs/DATASET[-treebank|-glue][-fast][-gpt2]-impL-interL-seedS)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in the run folder from its latest epoch checkpoint." };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads (default: all cores)." };
        var sst2Source = Sst2SourceOption.Create("sentences (trees where the sentence files are absent); with --resume, the run's");
        var tokenizer = CliTokenizer.Option("How texts are cut into tokens: whitespace (the release's split; the default) or gpt2 (GPT-2's BPE, offline; the vocabulary keeps the subwords train uses at least twice). Recorded in the model: evaluate and probe use it.");

        var command = new Command("train", "Train the released model with SAFR's regularizers; a checkpoint each epoch, test accuracy at the end.")
        {
            dataset, sst2Source, imp, inter, seed, device, paper, mode, vmaskBeta, epochs, patience, maxLength, fraction, output, resume, threads, tokenizer,
        };
        command.SetAction((parse, cancellationToken) => Task.Run(() => CliErrors.Run("train", () =>
        {
            set_num_threads(parse.GetValue(threads) ?? Environment.ProcessorCount);
            var name = parse.GetValue(dataset)!;
            var (lambdaImp, lambdaInter, s) = (parse.GetValue(imp), parse.GetValue(inter), parse.GetValue(seed));
            var dev = CliDevice.Parse(parse.GetValue(device)!);
            var runMode = RunModes.Parse(parse.GetValue(mode)!);
            var asked = Sst2SourceOption.Parse(parse.GetValue(sst2Source));
            // Without sentence files, "sentences" is built from the trees: the run is named after, and records, the source it used.
            var concrete = asked is null && name == Datasets.Sst2 ? Datasets.ResolveSst2Source(new DatasetOptions()) : asked;
            var sourceSuffix = concrete is { } a && a != Sst2Source.SentenceFiles ? "-" + Sst2SourceOption.NameOf(a) : "";
            var askedTokenizer = parse.GetValue(tokenizer);
            // Whitespace runs keep the folder names they always had; another tokenizer gets folders of its own.
            var tokens = askedTokenizer is null or WhitespaceTokenizer.TokenizerName ? "" : $"-{askedTokenizer}";
            var run = new RunFolder(parse.GetValue(output)?.FullName ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture,
                $"{name}{sourceSuffix}{(runMode == RunMode.Fast ? "-fast" : "")}{tokens}-imp{lambdaImp:G}-inter{lambdaInter:G}-seed{s}")));

            var source = SourceFor(name, asked, concrete, parse.GetValue(resume) ? run : null);
            // The default loads as "sentences", whose fallback to the trees logs why and, offline, names both ways to get SST-2.
            var data = Sst2SourceOption.Load(name, asked is null && source == concrete ? asked : source);
            Console.WriteLine(data);
            var trainFraction = parse.GetValue(fraction);
            if (trainFraction is <= 0 or > 1) throw new CliException($"--train-fraction must be in (0, 1], got {trainFraction}");
            var train = DatasetSampling.Fraction(data.Train, trainFraction, s);

            SafrTrainer trainer;
            if (parse.GetValue(resume))
            {
                if (run.LatestCheckpoint() is { } latest)
                    CliTokenizer.Check(askedTokenizer, CliTokenizer.Of(Checkpoint.ReadManifest(latest)), $"the run in {run}");
                trainer = SafrTrainer.Resume(run.Path, dev);
                Console.WriteLine($"resuming {run} after epoch {trainer.CompletedEpochs}");
            }
            else
            {
                if (run.HoldsRun)
                    throw new CliException($"{run} already holds a run; pass --resume to continue it, or --out to start another");
                var length = parse.GetValue(maxLength) ?? (name == Datasets.Imdb ? 256 : 128);
                var vocabulary = Vocabulary.Build(train, tokenizer: TextTokenizers.Get(askedTokenizer ?? WhitespaceTokenizer.TokenizerName));
                var config = runMode.ModelConfig(vocabulary.Count, data.NumClasses, length);
                var beta = parse.GetValue(vmaskBeta);
                var options = new TrainingOptions
                {
                    LambdaImportance = lambdaImp,
                    LambdaInteraction = lambdaInter,
                    Seed = s,
                    MaxEpochs = parse.GetValue(epochs),
                    Patience = parse.GetValue(patience),
                    MaxLength = length,
                    Mode = runMode,
                    VmaskBeta = beta == 0 ? null : new VmaskBetaSchedule(beta),
                    PaperCompatible = parse.GetValue(paper),
                    RunFolder = run.Path,
                    Dataset = name,
                    Sst2Source = source,
                };
                CliErrors.UserValues("train", () =>
                {
                    config.Validate();
                    options.Validate();
                    return 0;
                });
                trainer = new SafrTrainer(SafrTrainer.CreateModel(config, s, dev), vocabulary, options);
            }
            using (trainer)
            {
                var o = trainer.Options;
                // How much of dev and test the vocabulary (train's tokens) covers, up to the max length the model sees.
                Console.WriteLine(trainer.Vocabulary);
                Console.WriteLine($"dev tokens: {trainer.Vocabulary.Report(data.Dev, o.MaxLength)}");
                Console.WriteLine($"test tokens: {trainer.Vocabulary.Report(data.Test, o.MaxLength)}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"training {name} ({train.Count:N0} train, {data.Dev.Count:N0} dev): lambda_imp {o.LambdaImportance:G}, lambda_inter {o.LambdaInteraction:G}, seed {o.Seed}, {o.Mode} mode{(o.VmaskBeta is { } b ? $", VMASK beta {b.Start:G} annealed" : "")}, {(o.PaperCompatible ? "paper-compatible (last epoch)" : "best dev epoch")}, {get_num_threads()} threads, run folder {run}"));
                var result = TrainingProgressView.Show(AnsiConsole.Console,
                    progress => trainer.Fit(train, data.Dev, p => progress("", p), cancellationToken));
                var test = trainer.Evaluate(data.Test);
                Console.WriteLine(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy {test:P2} (model from epoch {result.ModelEpoch})"));
                RunResult.Write(run, trainer, result, test, data);
            }
            return 0;
        })));
        return command;
    }

    /// <summary>
    /// The SST-2 source to train on: the one asked for, else (resuming) the run's, else the default's concrete source
    /// (<see cref="Datasets.ResolveSst2Source"/>); null for other datasets. A resumed run keeps its source.
    /// </summary>
    private static Sst2Source? SourceFor(string dataset, Sst2Source? asked, Sst2Source? concrete, RunFolder? resumed)
    {
        if (dataset != Datasets.Sst2)
            return asked is null ? null : throw new CliException($"--sst2-source applies to --dataset sst2 only, not {dataset}");
        if (resumed?.LatestCheckpoint() is not { } latest) return concrete ?? Sst2Source.SentenceFiles;
        var recorded = Checkpoint.ReadManifest(latest).Options.Sst2Source ?? Sst2Source.SentenceFiles;
        if (asked is { } a && a != recorded)
            throw new CliException($"{resumed} was trained on SST-2 from --sst2-source {Sst2SourceOption.NameOf(recorded)}; resume it without --sst2-source {Sst2SourceOption.NameOf(a)}");
        return recorded;
    }
}
