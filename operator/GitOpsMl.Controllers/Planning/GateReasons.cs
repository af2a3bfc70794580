namespace GitOpsMl.Controllers.Planning;

/// <summary>Reasons of a version's gate decision (the GatesPassed condition and the decision event).</summary>
public static class GateReasons
{
    public const string GatesPassed = "GatesPassed";
    public const string GatesFailed = "GatesFailed";
    public const string AwaitingApproval = "AwaitingApproval";
    public const string ManuallyApproved = "ManuallyApproved";
}
