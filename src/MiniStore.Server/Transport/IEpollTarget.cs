namespace MiniStore.Server.Transport;

/// <summary>Something a <see cref="EpollLoop"/> delivers events to: a connection or a listening socket.</summary>
internal interface IEpollTarget
{
    /// <summary>Where the loop keeps it; set by <see cref="EpollLoop.Add"/>.</summary>
    int Slot { get; set; }

    /// <summary>The slot's generation when it was added: an event for an older generation is for someone gone.</summary>
    uint Generation { get; set; }

    /// <summary>Called on the loop's thread with the event mask epoll reported.</summary>
    void OnEvents(uint events);

    /// <summary>Called on the loop's thread when <see cref="OnEvents"/> threw.</summary>
    void OnFault(Exception exception);
}
