namespace GitOpsMl.Serving.Protocol;

public sealed record LiveResponse(bool Live);
