using GitOpsMl.Api.Failures;
using System.Diagnostics;
using System.Runtime.InteropServices;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Splitting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GitOpsMl.Training;

/// <summary>
/// Mini-batch training of the network a TrainingJob describes, on already-transformed features.
/// </summary>
/// <remarks>
/// <para>Reproducibility: the network is initialized and dropout is driven from <c>torch.manual_seed(seed)</c>, and
/// rows are shuffled by a <see cref="SplitMix64"/> stream of the same seed (System.Random's sequence for a seed is
/// not promised across .NET versions). With a fixed seed and thread count on the CPU two runs are bit-identical.
/// CUDA kernels are not all deterministic, so GPU runs are only statistically reproducible.</para>
/// <para>Speed: the whole training set is moved to the device once, compact (<see cref="FeatureTensors"/>: dense
/// columns plus one-hot blocks as indices). Each epoch gathers it into a shuffled copy with one index_select per
/// part, so each mini-batch is a narrow view expanded to the network's width on the device — no per-batch
/// host→device copy, no per-batch gather, and no per-batch host synchronization: batch losses are written into a
/// device buffer read once per epoch. If the CUDA device has no room for the data, it stays in host memory and
/// each batch is copied over.</para>
/// <para>Memory: only one mini-batch exists at the encoded width, so memory grows with rows × (dense columns +
/// categorical features), not with vocabulary sizes.</para>
/// <para>Divergence: a NaN or infinite batch loss ends the run with <see cref="TrainingDivergedException"/> naming the
/// first such batch; no network is returned from a diverged run.</para>
/// </remarks>
public sealed class Trainer
{
    public Trainer(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Algorithm);
        Options = options;
    }

    public TrainingOptions Options { get; }

    /// <summary>
    /// Trains on <paramref name="train"/>. <paramref name="validation"/>, when given, is evaluated after every epoch
    /// (the early-stopping metric, or the task's first metric) and is required for early stopping.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A batch loss was NaN or infinite.</exception>
    public TrainingResult Train(TrainingData train, TrainingData? validation = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var hyperparameters = TrainingHyperparameters.Resolve(Options.Hyperparameters);
        CheckData(train, validation, hyperparameters);
        var monitor = Options.EarlyStopping is { } spec ? EarlyStoppingMonitor.From(spec) : null;
        if (monitor is not null)
        {
            if (!TaskMetrics.For(train.Task).Contains(monitor.Metric))
                throw GitOpsMlFailure.InvalidSpec(SpecRefusal.EarlyStoppingMetric,
                    $"earlyStopping.metric '{monitor.Metric}' is not a {train.Task} metric; expected one of {string.Join(", ", TaskMetrics.For(train.Task))}.");
            if (validation is null)
                throw GitOpsMlFailure.InvalidSpec(SpecRefusal.EarlyStoppingNeedsValidation, "earlyStopping needs validation data to watch: raise split.validation above 0.");
        }
        var metric = validation is null ? null : monitor?.Metric ?? TaskMetrics.For(train.Task)[0];

        using (TorchGate.Session(hyperparameters.Threads))
        {
            var device = TorchRuntime.ResolveDevice(Options.Device);
            return Run(train, validation, hyperparameters, monitor, metric, device, cancellationToken);
        }
    }

    private TrainingResult Run(
        TrainingData train, TrainingData? validation, TrainingHyperparameters hp, EarlyStoppingMonitor? monitor,
        string? metric, Device device, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var task = train.Task;
        var scaling = task == PredictionTask.Regression ? TargetScaling.Fit(train.Targets) : null;
        var module = NetworkFactory.Create(Options.Algorithm, train.Width, train.OutputWidth, hp.Seed);
        var returned = false;
        var snapshot = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            module.to(device);
            if (Options.StartFromTrivial) StartAt(module, TrivialPredictor.Fit(train).OutputBias(train.Rows, scaling), device);
            // Re-seed after initialization so the dropout stream does not depend on how many draws init took.
            manual_seed(hp.Seed);
            if (device.type == DeviceType.CUDA) cuda.manual_seed_all(hp.Seed);

            using var features = FeatureTensors.Create(train.Features).Upload(device);
            using var targets = Upload(TargetTensor(train, scaling), device);
            using var validationFeatures = validation is null ? null
                : FeatureTensors.Create(validation.Features).Upload(device);
            using var classWeights = ClassWeights(train, hp.ClassWeights, device);
            using var optimizer = CreateOptimizer(module, hp);

            var batches = Batches(train.Rows, hp.BatchSize, NetworkFactory.HasBatchNorm(module));
            using var batchLosses = zeros(batches.Count, ScalarType.Float32, device);
            var shuffle = new SplitMix64(unchecked((ulong)hp.Seed));
            var history = new List<EpochProgress>();
            var lastEpoch = 0;
            var stoppedEarly = false;
            if (Options.StartFromTrivial && monitor is not null)
            {
                // Epoch 0: the trivial predictor itself is a candidate, so the restored weights are never worse on
                // the watched validation metric than predicting the prior (or mean) for every row.
                var initial = NetworkOutputs.Predict(module, task, train.Classes, scaling, device, validationFeatures!, Predictor.DefaultBatchSize);
                if (monitor.Observe(0, Metrics.Evaluate(validation!, initial)[metric!])) Snapshot(module, snapshot);
            }

            for (var epoch = 1; epoch <= hp.Epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var epochClock = Stopwatch.StartNew();
                module.train();
                var order = Permutation(shuffle, train.Rows);
                using (var epochScope = NewDisposeScope())
                {
                    var index = tensor(order, device: features.StorageDevice);
                    var shuffledFeatures = features.Select(index);
                    var shuffledTargets = targets.index_select(0, index.to(targets.device));
                    for (var b = 0; b < batches.Count; b++)
                    {
                        if ((b & 63) == 63) cancellationToken.ThrowIfCancellationRequested();
                        using var batchScope = NewDisposeScope();
                        var (start, length) = batches[b];
                        var x = shuffledFeatures.Batch(start, length, device);
                        var y = shuffledTargets.narrow(0, start, length).to(device);
                        optimizer.zero_grad();
                        var loss = Loss(task, module.forward(x), y, classWeights);
                        loss.backward();
                        StepWithoutGc(optimizer);
                        batchLosses[b] = loss.detach();
                    }
                }

                // The epoch's only device→host synchronization.
                var losses = batchLosses.cpu().data<float>().ToArray();
                double lossSum = 0;
                for (var b = 0; b < batches.Count; b++)
                {
                    if (!float.IsFinite(losses[b])) throw new TrainingDivergedException(epoch, b + 1, losses[b]);
                    lossSum += (double)losses[b] * batches[b].Length;
                }
                var trainSeconds = epochClock.Elapsed.TotalSeconds;

                double? value = null;
                if (validation is not null)
                {
                    var prediction = NetworkOutputs.Predict(
                        module, task, train.Classes, scaling, device, validationFeatures!, Predictor.DefaultBatchSize);
                    value = Metrics.Evaluate(validation, prediction)[metric!];
                }
                if (monitor is not null && monitor.Observe(epoch, value!.Value)) Snapshot(module, snapshot);
                lastEpoch = epoch;

                var elapsed = clock.Elapsed;
                var eta = TimeSpan.FromTicks(elapsed.Ticks / epoch * (hp.Epochs - epoch));
                var progress = new EpochProgress(
                    epoch, hp.Epochs, lossSum / train.Rows, metric, value, train.Rows / Math.Max(trainSeconds, 1e-9),
                    elapsed, eta, monitor?.BestEpoch ?? 0);
                history.Add(progress);
                Options.Progress?.Invoke(progress);

                if (monitor is not null && monitor.ShouldStop && epoch < hp.Epochs)
                {
                    stoppedEarly = true;
                    break;
                }
            }

            var bestEpoch = lastEpoch;
            if (monitor is not null && monitor.HasBest)
            {
                bestEpoch = monitor.BestEpoch;
                if (bestEpoch != lastEpoch) Restore(module, snapshot);
            }
            module.eval();
            var network = new TrainedNetwork(module, task, train.Width, train.Classes, scaling, device);
            returned = true;
            return new TrainingResult(network, history, bestEpoch, stoppedEarly, hp, device.ToString(), clock.Elapsed);
        }
        finally
        {
            foreach (var t in snapshot.Values) t.Dispose();
            if (!returned) module.Dispose();
        }
    }

    private static void CheckData(TrainingData train, TrainingData? validation, TrainingHyperparameters hp)
    {
        if (train.Rows == 0) throw GitOpsMlFailure.InvalidData(nameof(Data.Reading.DataRefusalReason.NoRows), "The training data has no rows.");
        if (validation is not null)
        {
            if (validation.Task != train.Task || validation.Width != train.Width || validation.Classes != train.Classes)
                throw new ArgumentException(
                    $"Validation data ({validation.Task}, width {validation.Width}, {validation.Classes} classes) does not match " +
                    $"the training data ({train.Task}, width {train.Width}, {train.Classes} classes).", nameof(validation));
            if (validation.Rows == 0) throw GitOpsMlFailure.InvalidData(nameof(Data.Reading.DataRefusalReason.NoRows), "The validation data has no rows.");
        }
        if (hp.ClassWeights == ClassWeighting.Balanced && train.Task == PredictionTask.Regression)
            throw GitOpsMlFailure.InvalidSpec(SpecRefusal.ClassWeightsNeedClassification,
                "classWeights balanced applies to classification only; a regression run cannot honour it.").AtField("spec.hyperparameters.classWeights");
    }

    /// <summary>Moves to the device; on a CUDA out-of-memory, keeps the data on the host (batches are then copied over).</summary>
    private static Tensor Upload(Tensor host, Device device)
    {
        if (device.type == DeviceType.CPU) return host;
        try
        {
            var moved = host.to(device);
            host.Dispose();
            return moved;
        }
        catch (ExternalException e) when (e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
        {
            return host;
        }
    }

    private static Tensor TargetTensor(TrainingData data, TargetScaling? scaling)
    {
        switch (data.Task)
        {
            case PredictionTask.Multiclass:
                return tensor(data.ClassIndices!, [data.Rows], ScalarType.Int64);
            case PredictionTask.Regression:
                var standardized = new float[data.Rows];
                for (var i = 0; i < standardized.Length; i++) standardized[i] = scaling!.Standardize(data.Targets![i]);
                return tensor(standardized, [data.Rows, 1], ScalarType.Float32);
            default:
                return tensor(data.Targets!, [data.Rows, 1], ScalarType.Float32);
        }
    }

    /// <summary>
    /// Balanced weighting, as scikit-learn's: class c weighs n / (C · n_c). For binary BCE only the ratio matters,
    /// given as pos_weight = negatives / positives. A class absent from the training data keeps weight 1.
    /// </summary>
    private static Tensor? ClassWeights(TrainingData data, ClassWeighting weighting, Device device)
    {
        if (weighting != ClassWeighting.Balanced) return null;
        if (data.Task == PredictionTask.Binary)
        {
            var positives = data.Targets!.Count(t => t == 1f);
            var negatives = data.Rows - positives;
            var ratio = positives == 0 || negatives == 0 ? 1f : (float)negatives / positives;
            return tensor(new[] { ratio }, [1], ScalarType.Float32, device);
        }
        var counts = new long[data.Classes];
        foreach (var c in data.ClassIndices!) counts[c]++;
        var weights = counts.Select(n => n == 0 ? 1f : (float)((double)data.Rows / (data.Classes * n))).ToArray();
        return tensor(weights, [data.Classes], ScalarType.Float32, device);
    }

    private static Tensor Loss(PredictionTask task, Tensor output, Tensor target, Tensor? classWeights) => task switch
    {
        PredictionTask.Binary => nn.functional.binary_cross_entropy_with_logits(output, target, pos_weights: classWeights),
        PredictionTask.Multiclass => nn.functional.cross_entropy(output, target, weight: classWeights),
        // MSE on the standardized target (see TargetScaling).
        _ => nn.functional.mse_loss(output, target),
    };

    private static optim.Optimizer CreateOptimizer(Sequential module, TrainingHyperparameters hp) => hp.Optimizer switch
    {
        // Adam's weight decay is the classic L2 term added to the gradient; AdamW decouples it from the adaptive step.
        OptimizerKind.Adam => optim.Adam(module.parameters(), lr: hp.LearningRate, weight_decay: hp.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(module.parameters(), lr: hp.LearningRate, weight_decay: hp.WeightDecay),
        OptimizerKind.Sgd => optim.SGD(module.parameters(), hp.LearningRate, momentum: hp.Momentum, weight_decay: hp.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(hp), hp.Optimizer, "Unknown optimizer."),
    };

    /// <summary>
    /// (start, length) of each mini-batch. BatchNorm cannot normalize a batch of one row in training mode, so with
    /// BatchNorm a trailing single row joins the previous batch instead of being dropped.
    /// </summary>
    private static List<(int Start, int Length)> Batches(int rows, int batchSize, bool hasBatchNorm)
    {
        if (hasBatchNorm && rows < 2)
            throw GitOpsMlFailure.InvalidData(nameof(Data.Reading.DataRefusalReason.TooFewRows), "A network with batchNorm needs at least 2 training rows.");
        var batches = new List<(int, int)>();
        for (var start = 0; start < rows; start += batchSize) batches.Add((start, Math.Min(batchSize, rows - start)));
        if (hasBatchNorm && batches.Count > 1 && batches[^1].Item2 == 1)
        {
            batches.RemoveAt(batches.Count - 1);
            batches[^1] = (batches[^1].Item1, batches[^1].Item2 + 1);
        }
        if (hasBatchNorm && batches.Count == 1 && batches[0].Item2 == 1)
            throw GitOpsMlFailure.InvalidData(nameof(Data.Reading.DataRefusalReason.TooFewRows), "A network with batchNorm needs batches of at least 2 rows.");
        return batches;
    }

    /// <summary>Fisher–Yates shuffle of 0..rows-1 from the run's own seeded stream.</summary>
    private static long[] Permutation(SplitMix64 random, int rows)
    {
        var order = new long[rows];
        for (var i = 0; i < rows; i++) order[i] = i;
        for (var i = rows - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>Zero weights and the given bias in the output layer: the network then predicts the same for every row.</summary>
    private static void StartAt(Sequential module, float[] bias, Device device)
    {
        using var noGrad = no_grad();
        var output = module.named_children().Single(c => c.name == "output").module as Linear
                     ?? throw new InvalidOperationException("The network's last layer is not the Linear named output.");
        output.weight!.zero_();
        using var values = tensor(bias, [bias.Length], ScalarType.Float32, device);
        output.bias!.copy_(values);
    }

    /// <summary>Copies every parameter and buffer (BatchNorm running statistics included) into device-side clones.</summary>
    private static void Snapshot(Sequential module, Dictionary<string, Tensor> snapshot)
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in module.state_dict())
        {
            if (snapshot.TryGetValue(name, out var copy)) copy.copy_(value);
            else snapshot[name] = value.detach().clone().DetachFromDisposeScope();
        }
    }

    private static void Restore(Sequential module, Dictionary<string, Tensor> snapshot)
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in module.state_dict()) value.copy_(snapshot[name]);
    }

    // TorchSharp 0.107's optimizers hand implicitly converted Scalars to native code without keeping
    // them alive, so a GC during step() can finalize one mid-call (seen once in ~20 benchmark runs:
    // "Expected false to be true" inside Adam.step; dotnet/TorchSharp#1434 and #1496). With no GC
    // during the step, nothing it allocates can be finalized before it returns.
    private const long StepAllocationBudget = 4L * 1024 * 1024;

    private static void StepWithoutGc(optim.Optimizer optimizer)
    {
        var noGc = System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion
                   && GC.TryStartNoGCRegion(StepAllocationBudget);
        try
        {
            optimizer.step();
        }
        finally
        {
            // The region ends by itself if the step allocated more than the budget; only end it if it is still open.
            if (noGc && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }
}
