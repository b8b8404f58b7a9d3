"""RSS per idle connection: opens N connections to a running server, each authenticating (password "pw") and sending
one GET of key k, waits for both replies on every one, then reports the server's RSS growth per connection.
Usage: python3 benchmarks/idle_connections.py <server pid> <port> <connections>"""
import socket, sys, time
pid=int(sys.argv[1]); port=int(sys.argv[2]); n=int(sys.argv[3])
def rss():
    for l in open(f'/proc/{pid}/status'):
        if l.startswith('VmRSS'): return int(l.split()[1])
time.sleep(1); before=rss(); socks=[]
for i in range(n):
    s=socket.create_connection(('127.0.0.1',port)); s.sendall(b'*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n'); socks.append(s)
for s in socks:
    got=b''
    while got.count(b'\r\n')<2: got+=s.recv(100)
time.sleep(3); after=rss()
print(f'{n} idle authenticated connections: RSS +{(after-before)/1024:.1f} MB = {(after-before)*1024/n:.0f} B each')
