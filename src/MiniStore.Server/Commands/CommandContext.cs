using System.Buffers;
using MiniStore.Protocol;
using MiniStore.Server.Connections;

namespace MiniStore.Server.Commands;

/// <summary>What a command handler works with: the request, its connection and where its reply goes.</summary>
internal readonly ref struct CommandContext
{
    public CommandContext(in Request request, Session session, IBufferWriter<byte> output)
    {
        Request = request;
        Session = session;
        Output = output;
        Reply = new ReplyWriter(output, request.Format, session.RespVersion);
    }

    public readonly Request Request;

    public Session Session { get; }

    /// <summary>Writes in the request's format; handlers that switch the connection's protocol build their own from <see cref="Output"/>.</summary>
    public ReplyWriter Reply { get; }

    public IBufferWriter<byte> Output { get; }

    public WireFormat Format => Request.Format;
}

/// <summary>A command's handler: an instance method of <see cref="CommandDispatcher"/>, called through an open delegate.</summary>
internal delegate CommandOutcome CommandHandler(CommandDispatcher dispatcher, in CommandContext context);

/// <summary>A handler that needs no state of the dispatcher's.</summary>
internal delegate CommandOutcome StaticCommandHandler(in CommandContext context);

/// <summary>Marks the handler of the named commands; the dispatcher builds its table from these at start-up.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class HandlesAttribute(params CommandId[] commands) : Attribute
{
    public IReadOnlyList<CommandId> Commands { get; } = commands;
}
