using GitOpsMl.Api.Failures;
using System.Diagnostics;
using System.Runtime.InteropServices;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Splitting;
using GitOpsMl.Data.Weighting;
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
/// <para>Sample weights (<see cref="TrainingData.Weights"/>, the Dataset's role weight column): each batch's loss is
/// the weighted mean Σ wᵢ·ℓᵢ / Σ wᵢ of the per-row losses, so a row of weight 2 counts as two copies of it, and with a
/// single full batch weighting a row by 2 and duplicating it give the same loss and gradient. With
/// <c>classWeights: balanced</c> the two multiply: the class weights are computed from the classes' weighted totals
/// (class c weighs W / (C · W_c), W the total weight), and a row weighs its sample weight times its class weight —
/// for multiclass in both the sum and the normalizer (as cross_entropy's class weights are), for binary through
/// pos_weight on the positives' loss term, normalized by Σ wᵢ (as binary_cross_entropy_with_logits' mean is). With
/// every weight 1 each is the unweighted loss. A batch whose rows all weigh 0 has loss 0 and so no gradient. The
/// reported training loss is the epoch's weighted mean. Unweighted data takes the unweighted code path unchanged, so
/// its models are bit-identical to those trained before weights existed.</para>
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
            {
                throw GitOpsMlFailure.InvalidSpec(SpecRefusal.EarlyStoppingMetric,
                    $"earlyStopping.metric '{monitor.Metric}' is not a {train.Task} metric; expected one of {string.Join(", ", TaskMetrics.For(train.Task))}.");
            }

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
        var scaling = task == PredictionTask.Regression ? TargetScaling.Fit(train.Targets, train.Weights) : null;
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
            var weighted = train.Weights is not null;
            var classWeightValues = ClassWeightValues(train, hp.ClassWeights);
            // Weighted multiclass folds the class weights into the row weights (see RowWeights); binary keeps pos_weight.
            using var classWeights = classWeightValues is null || (weighted && task == PredictionTask.Multiclass) ? null
                : tensor(classWeightValues, [classWeightValues.Length], ScalarType.Float32, device);
            var rowWeights = weighted ? RowWeights(train, classWeightValues) : null;
            using var rowWeightTensor = rowWeights is null ? null
                : Upload(tensor(rowWeights.Select(w => (float)w).ToArray(), [train.Rows], ScalarType.Float32), device);
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
                    var shuffledWeights = rowWeightTensor?.index_select(0, index.to(rowWeightTensor.device));
                    for (var b = 0; b < batches.Count; b++)
                    {
                        if ((b & 63) == 63) cancellationToken.ThrowIfCancellationRequested();
                        using var batchScope = NewDisposeScope();
                        var (start, length) = batches[b];
                        var x = shuffledFeatures.Batch(start, length, device);
                        var y = shuffledTargets.narrow(0, start, length).to(device);
                        optimizer.zero_grad();
                        var loss = shuffledWeights is null
                            ? Loss(task, module.forward(x), y, classWeights)
                            : WeightedLoss(task, module.forward(x), y, shuffledWeights.narrow(0, start, length).to(device), classWeights);
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
                // Weighted: each batch's loss is a weighted mean, so the epoch's is their mean weighted by batch weight.
                var trainLoss = rowWeights is null ? lossSum / train.Rows : WeightedEpochLoss(losses, batches, order, rowWeights);
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
                    epoch, hp.Epochs, trainLoss, metric, value, train.Rows / Math.Max(trainSeconds, 1e-9),
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
            {
                throw new ArgumentException(
                    $"Validation data ({validation.Task}, width {validation.Width}, {validation.Classes} classes) does not match " +
                    $"the training data ({train.Task}, width {train.Width}, {train.Classes} classes).", nameof(validation));
            }

            if (validation.Rows == 0) throw GitOpsMlFailure.InvalidData(nameof(Data.Reading.DataRefusalReason.NoRows), "The validation data has no rows.");
        }
        if (train.Weights is { } trainWeights)
            SampleWeights.RequirePositiveTotal(trainWeights, null, "training");
        if (validation?.Weights is { } validationWeights)
            SampleWeights.RequirePositiveTotal(validationWeights, null, "validation");
        if (hp.ClassWeights == ClassWeighting.Balanced && train.Task == PredictionTask.Regression)
        {
            throw GitOpsMlFailure.InvalidSpec(SpecRefusal.ClassWeightsNeedClassification,
                "classWeights balanced applies to classification only; a regression run cannot honour it.").AtField("spec.hyperparameters.classWeights");
        }
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
    /// given as pos_weight = negatives / positives. A class absent from the training data keeps weight 1. With sample
    /// weights, n and n_c are total weights, so the classes end up with equal total weight.
    /// </summary>
    private static float[]? ClassWeightValues(TrainingData data, ClassWeighting weighting)
    {
        if (weighting != ClassWeighting.Balanced) return null;
        if (data.Weights is { } w) return WeightedClassWeightValues(data, w);
        if (data.Task == PredictionTask.Binary)
        {
            var positives = data.Targets!.Count(t => t == 1f);
            var negatives = data.Rows - positives;
            return [positives == 0 || negatives == 0 ? 1f : (float)negatives / positives];
        }
        var counts = new long[data.Classes];
        foreach (var c in data.ClassIndices!) counts[c]++;
        return counts.Select(n => n == 0 ? 1f : (float)((double)data.Rows / (data.Classes * n))).ToArray();
    }

    private static float[] WeightedClassWeightValues(TrainingData data, double[] weights)
    {
        var total = weights.Sum();
        if (data.Task == PredictionTask.Binary)
        {
            double positives = 0;
            for (var i = 0; i < data.Rows; i++)
            {
                if (data.Targets![i] == 1f) positives += weights[i];
            }
            var negatives = total - positives;
            return [positives == 0 || negatives == 0 ? 1f : (float)(negatives / positives)];
        }
        var mass = new double[data.Classes];
        for (var i = 0; i < data.Rows; i++) mass[data.ClassIndices![i]] += weights[i];
        return mass.Select(m => m == 0 ? 1f : (float)(total / (data.Classes * m))).ToArray();
    }

    /// <summary>
    /// What each row weighs in its batch's weighted mean: its sample weight, times its class's weight for balanced
    /// multiclass (binary applies its class weight through pos_weight instead).
    /// </summary>
    private static double[] RowWeights(TrainingData data, float[]? classWeights)
    {
        var weights = (double[])data.Weights!.Clone();
        if (data.Task == PredictionTask.Multiclass && classWeights is not null)
        {
            for (var i = 0; i < weights.Length; i++) weights[i] *= classWeights[data.ClassIndices![i]];
        }
        return weights;
    }

    private static Tensor Loss(PredictionTask task, Tensor output, Tensor target, Tensor? classWeights) => task switch
    {
        PredictionTask.Binary => nn.functional.binary_cross_entropy_with_logits(output, target, pos_weights: classWeights),
        PredictionTask.Multiclass => nn.functional.cross_entropy(output, target, weight: classWeights),
        // MSE on the standardized target (see TargetScaling).
        _ => nn.functional.mse_loss(output, target),
    };

    // Any positive floor works (a batch weighing 0 has a numerator of 0 too); a normal float, so no flush-to-zero.
    private const float MinBatchWeight = 1e-30f;

    /// <summary>Σ wᵢ·ℓᵢ / Σ wᵢ over the batch; 0 for a batch that weighs nothing (no gradient rather than 0 / 0).</summary>
    private static Tensor WeightedLoss(PredictionTask task, Tensor output, Tensor target, Tensor weights, Tensor? positiveWeight)
    {
        var perRow = task switch
        {
            PredictionTask.Binary => nn.functional.binary_cross_entropy_with_logits(output, target, reduction: nn.Reduction.None, pos_weights: positiveWeight).view(-1),
            PredictionTask.Multiclass => nn.functional.cross_entropy(output, target, reduction: nn.Reduction.None),
            _ => nn.functional.mse_loss(output, target, reduction: nn.Reduction.None).view(-1),
        };
        return (perRow * weights).sum() / weights.sum().clamp_min(MinBatchWeight);
    }

    /// <summary>The epoch's weighted mean loss: batch losses (weighted means) weighed by their batches' total weight.</summary>
    private static double WeightedEpochLoss(float[] losses, List<(int Start, int Length)> batches, long[] order, double[] rowWeights)
    {
        double lossSum = 0, weightSum = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            double batchWeight = 0;
            var (start, length) = batches[b];
            for (var k = start; k < start + length; k++) batchWeight += rowWeights[order[k]];
            lossSum += losses[b] * batchWeight;
            weightSum += batchWeight;
        }
        return lossSum / weightSum;
    }

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
    /// <see cref="OptimizerSteps.PerEpoch"/> counts them the same way for the run's warning about too few steps.
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
