namespace Traas.Tool.Pipeline;

/// <summary>A kept stack's hold, written when it is kept.</summary>
internal sealed partial class JobRun
{
    /// <summary>The update that writes a hold's tags checks each resource and changes none: minutes at most.</summary>
    private static readonly TimeSpan HoldUpdateLimit = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The hold counts from now, when the job has ended and the stack is kept: its tags get the expiry,
    /// and the job type the stack's outputs named when --toci-jobtype did not. When that cannot be
    /// written, the tags given at creation stay: they hold it at least as long (the latest the job could
    /// end, plus the hold).
    /// </summary>
    private async Task<RunState> HoldAsync(RunRequest request, RunState state, TeardownStage teardown)
    {
        var now = context.Time.GetUtcNow();
        var hold = request.HoldScope with
        {
            // Whole seconds, as the tag says it.
            Until = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero)
                + request.HoldFor,
            JobType = request.HoldScope.JobType
                ?? (state.JobType.Length > 0 && state.JobType != UnnamedJob ? state.JobType : null),
        };
        try
        {
            if (await teardown.HoldAsync(state.StackId!, hold, HoldUpdateLimit, CancellationToken.None)
                .ConfigureAwait(false))
            {
                log.Information("stack {StackName} is held until {Until:yyyy-MM-ddTHH:mm:ssZ} (--hold-hours {Hours})",
                    state.StackName, hold.Until.UtcDateTime, request.HoldFor.TotalHours);
                return state with { HoldUntil = hold.Until };
            }
        }
        catch (TraasException e)
        {
            log.Warning("could not write the hold into the tags of stack {StackName}: {Message}; it stays held "
                + "until {Until:yyyy-MM-ddTHH:mm:ssZ}, as tagged when it was created", state.StackName, e.Message,
                state.HoldUntil?.UtcDateTime);
        }
        return state;
    }
}
