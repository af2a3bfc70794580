using System.Text;

namespace GitOpsMl.Local.Execution;

/// <summary>Reads a growing JSON-lines file incrementally: complete lines only, from where the last read stopped.</summary>
public sealed class ProgressFileReader(string path)
{
    private long _offset;
    private readonly object _gate = new();

    public TrainingProgress Progress { get; private set; } = TrainingProgress.None;

    public TrainingProgress Read()
    {
        lock (_gate)
        {
            if (!File.Exists(path)) return Progress;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= _offset) return Progress;
            stream.Seek(_offset, SeekOrigin.Begin);
            var buffer = new byte[stream.Length - _offset];
            stream.ReadExactly(buffer);
            var complete = Array.LastIndexOf(buffer, (byte)'\n') + 1; // a line still being written waits for the next read
            if (complete == 0) return Progress;
            _offset += complete;
            Progress = Encoding.UTF8.GetString(buffer, 0, complete).Split('\n').Aggregate(Progress, (p, line) => p.Apply(line));
            return Progress;
        }
    }
}
