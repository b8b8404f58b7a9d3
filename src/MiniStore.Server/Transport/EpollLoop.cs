using System.ComponentModel;
using System.Runtime.InteropServices;
using static MiniStore.Server.Transport.EpollNative;

namespace MiniStore.Server.Transport;

/// <summary>
/// One I/O thread: it waits in epoll_wait for the sockets given to it and, when one is readable, reads it and runs the
/// connection's handler right there (the handler never blocks), as a Redis I/O thread does. Sockets are registered once,
/// edge-triggered, for reading and writing, so no epoll_ctl is ever needed after the first.
/// </summary>
/// <remarks>
/// An event carries a slot number and that slot's generation, not a reference: an event fetched for a connection that
/// closed in the same batch finds a newer generation (or nothing) in the slot and is dropped.
/// </remarks>
internal sealed unsafe class EpollLoop : IDisposable
{
    private const int MaxEvents = 256;

    // The wake-up eventfd's registration: a data value no slot ever has.
    private const ulong WakeData = ulong.MaxValue;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly Lock _slotsGate = new();
    private IEpollTarget?[] _slots = new IEpollTarget?[64];
    private uint[] _generations = new uint[64];
    private readonly Stack<int> _free = new();
    private int _nextSlot;
    private volatile bool _stopping;

    public EpollLoop(int index)
    {
        _epoll = epoll_create1(EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1 failed");
        }

        _wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (_wake < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            close(_epoll);
            throw new Win32Exception(error, "eventfd failed");
        }

        var ev = new EpollEvent { Events = EPOLLIN, Data = WakeData };
        if (epoll_ctl(_epoll, EPOLL_CTL_ADD, _wake, &ev) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            close(_wake);
            close(_epoll);
            throw new Win32Exception(error, "epoll_ctl failed for the wake-up eventfd");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"MiniStore I/O {index}" };
        _thread.Start();
    }

    /// <summary>
    /// Watches <paramref name="fd"/> for <paramref name="events"/> from now on, delivering them to
    /// <paramref name="target"/>; false if the descriptor could not be added.
    /// </summary>
    public bool Add(IEpollTarget target, int fd, uint events)
    {
        int slot;
        uint generation;
        lock (_slotsGate)
        {
            slot = _free.Count > 0 ? _free.Pop() : _nextSlot++;
            if (slot == _slots.Length)
            {
                Array.Resize(ref _generations, slot * 2);
                var grown = new IEpollTarget?[slot * 2];
                Array.Copy(_slots, grown, slot);
                Volatile.Write(ref _slots, grown);
            }

            generation = ++_generations[slot];
            target.Slot = slot;
            target.Generation = generation;
            Volatile.Write(ref _slots[slot], target);
        }

        var ev = new EpollEvent { Events = events, Data = ((ulong)generation << 32) | (uint)slot };
        if (epoll_ctl(_epoll, EPOLL_CTL_ADD, fd, &ev) == 0)
        {
            return true;
        }

        Release(slot);
        return false;
    }

    /// <summary>
    /// Stops delivering events to the connection in <paramref name="slot"/>. Called before its socket is closed: the
    /// kernel drops a closed descriptor from epoll by itself, but the slot must not point at a connection that is gone.
    /// </summary>
    public void Release(int slot)
    {
        lock (_slotsGate)
        {
            Volatile.Write(ref _slots[slot], null);
            _generations[slot]++;
            _free.Push(slot);
        }
    }

    private void Run()
    {
        var events = stackalloc EpollEvent[MaxEvents];
        while (!_stopping)
        {
            var count = epoll_wait(_epoll, events, MaxEvents, -1);
            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() == EINTR)
                {
                    continue;
                }

                return;
            }

            for (var i = 0; i < count; i++)
            {
                var data = events[i].Data;
                if (data == WakeData)
                {
                    continue;
                }

                var slots = Volatile.Read(ref _slots);
                var slot = (int)(uint)data;
                if (slot < slots.Length && Volatile.Read(ref slots[slot]) is { } target && target.Generation == (uint)(data >> 32))
                {
                    try
                    {
                        target.OnEvents(events[i].Events);
                    }
                    catch (Exception ex)
                    {
                        // A fault in one connection must not stop the loop every other connection on it needs.
                        target.OnFault(ex);
                    }
                }
            }
        }
    }

    /// <summary>Changes the events watched for <paramref name="fd"/>, added before for <paramref name="target"/>.</summary>
    public bool Change(IEpollTarget target, int fd, uint events)
    {
        var ev = new EpollEvent { Events = events, Data = ((ulong)target.Generation << 32) | (uint)target.Slot };
        return epoll_ctl(_epoll, EPOLL_CTL_MOD, fd, &ev) == 0;
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        ulong one = 1;
        write(_wake, (byte*)&one, sizeof(ulong));
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        close(_wake);
        close(_epoll);
    }
}
