using System.Text.Json;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// What a run's JSON-lines progress (the stdout of `gitopsml train`) said so far. Only the trained
/// model's epochs count: the baseline's epoch events (model "baseline") come after and would
/// make the epoch counter jump back.
/// </summary>
public sealed record TrainingProgress
{
    public static TrainingProgress None { get; } = new();

    public int? Epoch { get; init; }
    public int? Epochs { get; init; }
    public string? ValidationMetric { get; init; }
    public double? ValidationValue { get; init; }
    public string? Device { get; init; }
    /// <summary>The "done" event's bundle folder and version: the run wrote its bundle.</summary>
    public string? Bundle { get; init; }
    public string? Version { get; init; }
    /// <summary>The "failed" event's message.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>Folds one line into the progress; lines that are not events (a stray print, a torn write) are skipped.</summary>
    public TrainingProgress Apply(string line)
    {
        if (string.IsNullOrWhiteSpace(line)) return this;
        ProgressLine? e;
        try { e = JsonSerializer.Deserialize<ProgressLine>(line, ApiJson.Options); }
        catch (JsonException) { return this; }
        return e?.Event switch
        {
            "epoch" when e.Model is null or "model" => this with
            {
                Epoch = e.Epoch ?? Epoch,
                Epochs = e.Epochs ?? Epochs,
                ValidationMetric = e.Metric ?? ValidationMetric,
                ValidationValue = e.Value ?? ValidationValue,
                Device = e.Device ?? Device,
            },
            "done" => this with { Bundle = e.Bundle, Version = e.Version, Device = e.Device ?? Device },
            "failed" => this with { FailureMessage = e.Message },
            _ => this,
        };
    }

    public static TrainingProgress Parse(IEnumerable<string> lines) => lines.Aggregate(None, (p, l) => p.Apply(l));

    // The fields of GitOpsMl.Training's TrainingEvent that the executor reads (the trainer is not referenced here).
    private sealed record ProgressLine(string Event)
    {
        public string? Model { get; init; }
        public int? Epoch { get; init; }
        public int? Epochs { get; init; }
        public string? Metric { get; init; }
        public double? Value { get; init; }
        public string? Device { get; init; }
        public string? Bundle { get; init; }
        public string? Version { get; init; }
        public string? Message { get; init; }
    }
}
