using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// An action the spec asks for while a condition (Drifting or QualityBreached) holds. Onset is true in
/// the window the breach began: alert (a warning event) and retrain act on the onset only, so a long
/// breach does not page or retrain every interval; blockPromotion and rollback hold for as long as it lasts.
/// </summary>
public sealed record MonitorActionDecision(MonitorAction Action, string Condition, bool Onset, string Message);
