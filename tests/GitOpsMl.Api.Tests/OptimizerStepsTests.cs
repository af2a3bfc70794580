using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Api.Tests;

/// <summary>Steps are counted as the trainer cuts batches, and a run below 500 is told the batchSize or epochs that reach it.</summary>
public sealed class OptimizerStepsTests
{
    [Theory]
    [InlineData(623, 256, false, 3)]
    [InlineData(512, 256, false, 2)]
    [InlineData(513, 256, false, 3)]
    [InlineData(513, 256, true, 2)]     // batchNorm: a last batch of one row joins the one before
    [InlineData(514, 256, true, 3)]
    [InlineData(1, 256, true, 1)]
    [InlineData(0, 256, false, 0)]
    public void Batches_per_epoch_are_the_trainers(int rows, int batchSize, bool batchNorm, int expected) =>
        Assert.Equal(expected, OptimizerSteps.PerEpoch(rows, batchSize, batchNorm));

    [Fact]
    public void A_titanic_sized_run_at_the_defaults_is_told_the_numbers_and_both_fixes()
    {
        var warning = OptimizerSteps.Check(trainRows: 623, epochs: 20, batchSize: 256, batchNorm: false);

        Assert.NotNull(warning);
        Assert.Equal(TrainingWarning.FewOptimizerSteps, warning.Reason);
        Assert.StartsWith("the model trains for only 60 optimizer steps (20 epochs × 3 batches of up to 256 from 623 training rows), fewer than 500", warning.Message);
        // 25-row batches give ceil(623/25) = 25 an epoch, 500 in all; 26-row batches 24, 480.
        Assert.EndsWith("To reach 500, lower hyperparameters.batchSize to 25 or less, or raise hyperparameters.epochs to 167 or more.", warning.Message);
    }

    [Theory]
    [InlineData(623, 20, 25)]
    [InlineData(623, 167, 256)]
    [InlineData(100_000, 20, 256)]
    public void Enough_steps_draw_no_warning(int rows, int epochs, int batchSize) =>
        Assert.Null(OptimizerSteps.Check(rows, epochs, batchSize, batchNorm: false));

    [Fact]
    public void When_no_batch_size_is_small_enough_only_more_epochs_are_suggested()
    {
        var warning = OptimizerSteps.Check(trainRows: 10, epochs: 20, batchSize: 4, batchNorm: false);

        Assert.NotNull(warning);
        Assert.DoesNotContain("batchSize to", warning.Message);
        Assert.EndsWith("raise hyperparameters.epochs to 167 or more.", warning.Message);
    }

    [Fact]
    public void Where_the_numbers_come_from_can_be_said_in_other_words() =>
        Assert.Contains("from about 623 training rows (data/titanic.csv)",
            OptimizerSteps.Check(623, 20, 256, false, "about 623 training rows (data/titanic.csv)")!.Message);

    private static TrainingJobSpec Job(HyperparametersSpec? hyperparameters = null, bool? batchNorm = null) => new()
    {
        Algorithm = new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [8], BatchNorm = batchNorm } },
        Hyperparameters = hyperparameters,
    };

    [Fact]
    public void A_jobs_omitted_epochs_and_batch_size_are_their_defaults()
    {
        Assert.Equal(OptimizerSteps.Check(623, 20, 256, batchNorm: false), OptimizerSteps.Check(Job(), 623));
        Assert.Equal(OptimizerSteps.Check(623, 7, 256, batchNorm: false), OptimizerSteps.Check(Job(new HyperparametersSpec { Epochs = 7 }), 623));
    }

    [Fact]
    public void A_jobs_batch_norm_counts_batches_as_the_trainer_cuts_them()
    {
        // 257 rows: 2 batches of up to 256, or 1 with batchNorm (the last row joins the first batch).
        Assert.Contains("20 epochs × 1 batch of up to 256", OptimizerSteps.Check(Job(batchNorm: true), 257)!.Message);
        Assert.Contains("20 epochs × 2 batches of up to 256", OptimizerSteps.Check(Job(batchNorm: false), 257)!.Message);
    }

    [Theory]
    [InlineData(623, null, "spec.hyperparameters.batchSize")]   // 25-row batches reach 500 in 20 epochs
    [InlineData(10, null, "spec.hyperparameters.epochs")]       // no batch of 10 rows gives 25 batches an epoch
    [InlineData(623, 25, "spec.hyperparameters.epochs")]        // already at the largest sufficient batch size
    public void The_field_to_change_is_the_first_fix_the_warning_names(int rows, int? batchSize, string field)
    {
        var job = Job(new HyperparametersSpec { BatchSize = batchSize });

        Assert.Equal(field, OptimizerSteps.FieldToChange(job, rows));
        if (OptimizerSteps.Check(job, rows) is { } warning)
            Assert.Contains(field == "spec.hyperparameters.batchSize" ? "To reach 500, lower hyperparameters.batchSize" : "To reach 500, raise hyperparameters.epochs", warning.Message);
    }
}
