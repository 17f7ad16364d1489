namespace Traas.Reporting.Parsing;

/// <summary>Takes each finished task and tempest test as soon as nothing later can change it.</summary>
internal interface ICaseSink
{
    void OnTask(TaskResult task, int playIndex);

    void OnTempestTest(TempestTest test);
}
