namespace GitOpsMl.Serving.Batching;

/// <summary>What a batch worker does next with the batch it is filling.</summary>
public readonly record struct BatchDecision(bool Dispatch, TimeSpan Wait, BatchDispatchReason Reason)
{
    public static BatchDecision Now(BatchDispatchReason reason) => new(true, TimeSpan.Zero, reason);

    public static BatchDecision WaitFor(TimeSpan wait) => new(false, wait, BatchDispatchReason.None);
}

public enum BatchDispatchReason { None, Full, MaxDelay, NothingArriving }
