namespace Traas.Tool.Pipeline;

/// <summary>
/// The run's own lines in the summary (and so the PR comment): where the stack ran and what was tried
/// before, and for a held stack until when it is kept and how to reach it (address and user, never a key).
/// </summary>
internal static class RunNotes
{
    public static IReadOnlyList<string> For(RunState state, bool kept)
    {
        List<string> notes = [];
        if (state.StackId is not null)
        {
            notes.Add($"Ran on cloud {state.Cloud ?? "(default)"}, region {state.Region ?? "(default)"}"
                + $" (stack {state.StackName}).");
        }
        if (state.Tried.Count > 0)
            notes.Add("Tried before: " + string.Join("; ", state.Tried.Select(t => t.TrimEnd('.'))) + ".");
        if (kept)
        {
            var until = state.HoldUntil is { } u
                ? "until " + u.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
                : "until someone deletes it";
            var reach = state.Host.Length > 0
                ? $"; reach the undercloud as {state.User}@{state.Host}"
                    + (state.Port == 22 ? "" : $" port {state.Port}")
                    + " with the run's SSH key"
                : "";
            notes.Add($"The environment is kept {until}{reach}. Release it with `traas-ci release {state.StackName}`.");
        }
        return notes;
    }
}
