using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GitOpsMl.Serving.Tests.Support;

/// <summary>Keeps every log event the server writes (after its own filters), to assert on what was logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> _events = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message, Exception? Exception)> Events => _events.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _events);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string, Exception?)> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            events.Enqueue((category, logLevel, formatter(state, exception), exception));
    }
}
