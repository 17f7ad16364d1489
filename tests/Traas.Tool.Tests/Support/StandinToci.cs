namespace Traas.Tool.Tests.Support;

/// <summary>
/// The text of a stand-in for tripleo-ci's toci_gate_test.sh. It says which commit it is, keeps the
/// environment it was given ($WORKSPACE/standin-toci-environment) and, as toci does, writes
/// $WORKSPACE/logs/collect_logs.sh with the values of the moment in it, running that itself (then
/// renaming it ovb_collect_logs.sh) only for the two nodepool providers toci does. That
/// collect_logs.sh adds a line to logs/standin-collect-runs and leaves undercloud and overcloud logs.
/// </summary>
internal sealed record StandinToci
{
    public string Label { get; init; } = "standin";

    public int Status { get; init; }

    /// <summary>How long its collect_logs.sh takes.</summary>
    public int CollectSeconds { get; init; }

    public string Script() => $$"""
        #!/bin/bash
        # Stand-in for tripleo-ci's toci_gate_test.sh, made by traas-ci's tests.
        set -eu
        echo "standin toci_gate_test.sh at {{Label}}"
        env > "$WORKSPACE/standin-toci-environment"
        mkdir -p "$WORKSPACE/logs"
        cat > "$WORKSPACE/logs/collect_logs.sh" <<COLLECT
        echo ran >> $WORKSPACE/logs/standin-collect-runs
        mkdir -p $WORKSPACE/logs/undercloud/var/log $WORKSPACE/logs/subnode-2/var/log
        echo undercloud > $WORKSPACE/logs/undercloud/var/log/undercloud_install.log
        echo overcloud > $WORKSPACE/logs/subnode-2/var/log/overcloud_deploy.log
        sleep {{CollectSeconds}}
        COLLECT
        if [ "$NODEPOOL_PROVIDER" = rdo-cloud-tripleo ] || [ "$NODEPOOL_PROVIDER" = tripleo-test-cloud-rh1 ]; then
          bash "$WORKSPACE/logs/collect_logs.sh"
          mv "$WORKSPACE/logs/collect_logs.sh" "$WORKSPACE/logs/ovb_collect_logs.sh"
        fi
        exit {{Status}}

        """;
}
