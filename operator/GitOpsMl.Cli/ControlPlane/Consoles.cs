using Spectre.Console;

namespace GitOpsMl.Cli.ControlPlane;

/// <summary>A Spectre console over a writer: colours on a terminal, plain text when output is redirected or captured.</summary>
public static class Consoles
{
    public static IAnsiConsole For(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Log lines and trees written to a file or a pipe are not wrapped at a guessed 80 columns.
        if (!terminal) console.Profile.Width = 400;
        return console;
    }
}
