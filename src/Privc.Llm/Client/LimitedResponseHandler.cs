namespace Privc.Llm.Client;

/// <summary>
/// Refuses responses larger than a limit while they are read, so that an endpoint cannot make privc buffer
/// unbounded output. The limit surfaces as a <see cref="ResponseTooLargeException"/> from the read.
/// </summary>
internal sealed class LimitedResponseHandler : DelegatingHandler
{
    private readonly long limit;

    public LimitedResponseHandler(HttpMessageHandler inner, long limit)
        : base(inner)
    {
        this.limit = limit;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > limit)
        {
            response.Dispose();
            throw new ResponseTooLargeException($"the response has {response.Content.Headers.ContentLength} bytes, more than privc accepts ({limit})");
        }
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var limited = new StreamContent(new LimitedStream(stream, limit));
        foreach (var header in response.Content.Headers)
        {
            limited.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        response.Content = limited;
        return response;
    }

    private sealed class LimitedStream : Stream
    {
        private readonly Stream inner;
        private readonly long limit;
        private long total;

        public LimitedStream(Stream inner, long limit)
        {
            this.inner = inner;
            this.limit = limit;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => total;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            total += read;
            if (total > limit)
            {
                throw new ResponseTooLargeException($"the response is larger than privc accepts ({limit} bytes)");
            }
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

/// <summary>The endpoint sent more than <see cref="LlmSettings.MaxResponseBytes"/>.</summary>
internal sealed class ResponseTooLargeException : IOException
{
    public ResponseTooLargeException(string message)
        : base(message)
    {
    }
}
