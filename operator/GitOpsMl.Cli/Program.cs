using GitOpsMl.Cli.Commands;

return await GitOpsMlCommand.Create().Parse(args).InvokeAsync();
