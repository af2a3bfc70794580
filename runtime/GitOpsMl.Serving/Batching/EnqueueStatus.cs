namespace GitOpsMl.Serving.Batching;

public enum EnqueueStatus { Accepted, QueueFull, Closed }
