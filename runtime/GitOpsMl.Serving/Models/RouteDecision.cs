namespace GitOpsMl.Serving.Models;

/// <summary>Which version answers a request, and which (if any) gets a shadow copy.</summary>
public readonly record struct RouteDecision(ServedVersion Primary, ServedVersion? Shadow);
