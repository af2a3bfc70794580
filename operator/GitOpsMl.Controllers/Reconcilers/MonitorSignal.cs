namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>What one Monitor's status asks of its Deployment: block new versions, roll back, or nothing.</summary>
public sealed record MonitorSignal(string Monitor, bool BlocksPromotion, bool RollsBack, string Message);
