#include "resultsfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <cstring>

// The file is read in chunks into one buffer; the top-level object is walked by hand (RFC 8259), every
// value other than the two big arrays goes to QJsonDocument, and the elements of the big arrays are
// found by a byte scan that knows strings and nesting, then checked (and, for a check, read) one by one.
namespace {
constexpr qsizetype chunkBytes = 4 * 1024 * 1024;
constexpr qsizetype largestValue = 64 * 1024 * 1024; // one check, or one small key's value
constexpr int deepest = 64;


bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Checks one complete JSON value in memory, and reads the plain strings, numbers and literals of a
// check without building a QJsonDocument.
class Element
{
public:
    Element(const char *begin, const char *end) : m_begin(begin), m_p(begin), m_end(end) {}

    qsizetype offset() const { return m_p - m_begin; }
    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }
    void skipSpace()
    {
        while (m_p < m_end && isSpace(*m_p))
            ++m_p;
    }
    bool value(int depth = 0)
    {
        skipSpace();
        if (m_p == m_end || depth > deepest)
            return false;
        switch (*m_p) {
        case '"': return string(nullptr);
        case '{': return object(depth);
        case '[': return array(depth);
        case 't': return literal("true");
        case 'f': return literal("false");
        case 'n': return literal("null");
        default: return number(nullptr);
        }
    }
    // A string at the position; `out` gets its text (null: only checked).
    bool string(QString *out)
    {
        if (m_p == m_end || *m_p != '"')
            return false;
        const char *start = ++m_p;
        bool plain = true;
        while (m_p < m_end) {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"')
                break;
            if (c < 0x20)
                return false;
            if (c == '\\') {
                plain = false;
                if (++m_p == m_end)
                    return false;
                if (*m_p == 'u') {
                    for (int i = 0; i < 4; ++i) {
                        if (++m_p == m_end || !std::isxdigit(static_cast<unsigned char>(*m_p)))
                            return false;
                    }
                } else if (!std::strchr("\"\\/bfnrt", *m_p) || *m_p == 0) {
                    return false;
                }
            } else if (c >= 0x80) {
                plain = false;
            }
            ++m_p;
        }
        if (m_p == m_end)
            return false;
        const char *stop = m_p++;
        if (!out)
            return plain || decoded(start, stop, nullptr);
        if (plain) {
            // `out` may hold the same text from the previous check: then it is kept (shared, no allocation)
            const QLatin1String text(start, stop - start);
            if (text.isEmpty() || out->size() != text.size() || *out != text)
                *out = QString(text);
            return true;
        }
        return decoded(start, stop, out);
    }
    bool number(double *out)
    {
        const char *start = m_p;
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        if (m_p == m_end || !std::isdigit(static_cast<unsigned char>(*m_p)))
            return false;
        if (*m_p == '0')
            ++m_p;
        else
            digits();
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return false;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return false;
        }
        // out of a double's range: QJsonDocument refuses it too
        double value = 0;
        const auto [end, ec] = std::from_chars(start, m_p, value);
        if (ec != std::errc() || end != m_p)
            return false;
        if (out)
            *out = value;
        return true;
    }
    bool literal(const char *word)
    {
        const auto n = qsizetype(std::strlen(word));
        if (m_end - m_p < n || std::memcmp(m_p, word, size_t(n)) != 0)
            return false;
        m_p += n;
        return true;
    }
    bool consume(char c)
    {
        skipSpace();
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }
    char peek()
    {
        skipSpace();
        return m_p == m_end ? '\0' : *m_p;
    }
    const char *position() const { return m_p; }

private:
    bool digits()
    {
        const char *start = m_p;
        while (m_p < m_end && std::isdigit(static_cast<unsigned char>(*m_p)))
            ++m_p;
        return m_p != start;
    }
    bool object(int depth)
    {
        ++m_p;
        if (consume('}'))
            return true;
        do {
            skipSpace();
            if (!string(nullptr) || !consume(':') || !value(depth + 1))
                return false;
        } while (consume(','));
        return consume('}');
    }
    bool array(int depth)
    {
        ++m_p;
        if (consume(']'))
            return true;
        do {
            if (!value(depth + 1))
                return false;
        } while (consume(','));
        return consume(']');
    }
    // Escapes and UTF-8 go through QJsonDocument, which decides what is valid exactly as the rest does.
    static bool decoded(const char *start, const char *stop, QString *out)
    {
        const QByteArray wrapped = '[' + QByteArray(start - 1, stop - start + 2) + ']';
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &error);
        if (error.error != QJsonParseError::NoError)
            return false;
        if (out)
            *out = doc.array().at(0).toString();
        return true;
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
};

// One value of any JSON type, through QJsonDocument (which only parses arrays and objects at the top).
bool toJsonValue(QByteArrayView bytes, QJsonValue *out)
{
    const QByteArray wrapped = '[' + bytes.toByteArray() + ']';
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError)
        return false;
    *out = doc.array().at(0);
    return true;
}

// The file, a buffer of it from `m_pos`, and the scan of one value's extent across chunk boundaries.
class Source
{
public:
    Source(QFile *file, const ResultsFile::RawHandlers &handlers) : m_file(file), m_handlers(handlers)
    {
        m_total = file->size();
    }

    qint64 offset() const { return m_base + m_pos; }
    QString error;

    bool fail(const QString &what, qint64 at)
    {
        if (error.isEmpty())
            error = QCoreApplication::translate("RunResults", "not valid JSON: %1 at offset %2").arg(what).arg(at);
        return false;
    }
    bool failHere(const QString &what) { return fail(what, offset()); }
    bool cancelled()
    {
        if (m_handlers.cancel && m_handlers.cancel->load()) {
            if (error.isEmpty())
                error = QCoreApplication::translate("RunResults", "cancelled");
            return true;
        }
        return false;
    }

    // Reads the next chunk, keeping the bytes from m_pos on; false at the end of the file.
    bool more()
    {
        if (m_eof || cancelled())
            return false;
        if (m_pos > 0) {
            m_buffer.remove(0, m_pos);
            m_base += m_pos;
            m_pos = 0;
        }
        const qsizetype had = m_buffer.size();
        m_buffer.resize(had + chunkBytes);
        const qint64 got = m_file->read(m_buffer.data() + had, chunkBytes);
        m_buffer.resize(had + std::max<qint64>(got, 0));
        if (got < 0) {
            error = QCoreApplication::translate("RunResults", "cannot read the file: %1").arg(m_file->errorString());
            m_eof = true;
            return false;
        }
        if (got == 0)
            m_eof = true;
        if (m_handlers.progress)
            m_handlers.progress(m_base + m_buffer.size(), m_total);
        return got > 0;
    }
    // The next byte that is not white space (not consumed); '\0' at the end of the file.
    char peek()
    {
        for (;;) {
            while (m_pos < m_buffer.size() && isSpace(m_buffer.at(m_pos)))
                ++m_pos;
            if (m_pos < m_buffer.size())
                return m_buffer.at(m_pos);
            if (!more())
                return '\0';
        }
    }
    bool consume(char c, const QString &expected)
    {
        if (peek() != c)
            return error.isEmpty() && failHere(m_pos < m_buffer.size() ? expected : QCoreApplication::translate("RunResults", "unexpected end of file"));
        ++m_pos;
        return true;
    }
    // The extent of the value at m_pos (after peek()): its bytes stay in the buffer until take().
    bool extent(QByteArrayView *value)
    {
        qsizetype i = m_pos;
        const char first = m_buffer.at(i);
        int depth = 0;
        bool inString = false;
        bool scalar = first != '"' && first != '{' && first != '[';
        for (;;) {
            const char *data = m_buffer.constData();
            const qsizetype size = m_buffer.size();
            if (scalar) {
                while (i < size && !isSpace(data[i]) && data[i] != ',' && data[i] != '}' && data[i] != ']')
                    ++i;
                if (i < size)
                    break;
            } else {
                bool done = false;
                for (; i < size; ++i) {
                    if (inString) {
                        // Most of an element is text: the closing quote is found with memchr, and is one
                        // when an even number of backslashes precede it (the opening quote stops the count).
                        const void *quote = std::memchr(data + i, '"', size_t(size - i));
                        if (!quote) {
                            i = size;
                            break;
                        }
                        i = static_cast<const char *>(quote) - data;
                        qsizetype backslashes = 0;
                        while (data[i - 1 - backslashes] == '\\')
                            ++backslashes;
                        if (backslashes % 2 == 1)
                            continue;
                        inString = false;
                        if (depth == 0) {
                            done = true;
                            ++i;
                            break;
                        }
                        continue;
                    }
                    const char c = data[i];
                    if (c == '"') {
                        inString = true;
                    } else if (c == '{' || c == '[') {
                        ++depth;
                    } else if (c == '}' || c == ']') {
                        if (--depth <= 0) {
                            done = true;
                            ++i;
                            break;
                        }
                    }
                }
                if (done)
                    break;
            }
            if (i - m_pos > largestValue)
                return fail(QCoreApplication::translate("RunResults", "a value larger than %1 MB").arg(largestValue / (1024 * 1024)), offset());
            const qsizetype start = m_pos;
            if (!more()) {
                if (!error.isEmpty())
                    return false;
                if (scalar)
                    break;
                return fail(QCoreApplication::translate("RunResults", "unexpected end of file"), m_base + m_buffer.size());
            }
            i -= start; // more() moved the buffer so that the value starts at 0
        }
        *value = QByteArrayView(m_buffer.constData() + m_pos, i - m_pos);
        return true;
    }
    void take(QByteArrayView value) { m_pos += value.size(); }
    void skipByteOrderMark()
    {
        while (m_buffer.size() < 3 && more()) {
        }
        if (m_buffer.startsWith("\xEF\xBB\xBF"))
            m_pos = 3;
    }

    // Checks a value found by extent(); on failure, the offset of the fault.
    bool valid(QByteArrayView value)
    {
        Element e(value.data(), value.data() + value.size());
        if (e.value() && e.atEnd())
            return true;
        return fail(QCoreApplication::translate("RunResults", "unexpected character"), offset() + e.offset());
    }

private:
    QFile *m_file;
    const ResultsFile::RawHandlers &m_handlers;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_base = 0;
    qint64 m_total = 0;
    bool m_eof = false;
};

bool readArray(Source &in, const std::function<bool(QByteArrayView)> &plain,
               const std::function<void(QByteArrayView)> &each)
{
    if (!in.consume('[', QCoreApplication::translate("RunResults", "expected a list")))
        return false;
    if (in.peek() == ']') {
        in.consume(']', QString());
        return true;
    }
    for (qint64 n = 0;; ++n) {
        if (in.peek() == '\0')
            return in.failHere(QCoreApplication::translate("RunResults", "unexpected end of file"));
        QByteArrayView element;
        if (!in.extent(&element))
            return false;
        if (!plain || !plain(element)) { // else read whole, so valid: not checked twice
            if (!in.valid(element))
                return false;
            if (each)
                each(element);
        }
        in.take(element);
        if ((n & 1023) == 1023 && in.cancelled())
            return false;
        const char next = in.peek();
        if (next == ',') {
            in.consume(',', QString());
            continue;
        }
        return in.consume(']', QCoreApplication::translate("RunResults", "expected , or ] after an element of the list"));
    }
}

// A field of a check by name, with the type QJsonValue would see.
enum class Field { Flow, From, To, Host, Address, SourceAddress, Transport, Port, Protocol, Expect, State, Reason,
                   Service, Detail, Verdict, Latency, Advice, Via, Ports, Tls, TestedFrom, Other };

Field fieldOf(QByteArrayView key)
{
    // A plain table: this runs for every key of every check (millions), where hashing showed in profiles.
    struct Name
    {
        const char *text;
        qsizetype size;
        Field field;
    };
    static constexpr Name names[]{
        {"flow", 4, Field::Flow},           {"from", 4, Field::From},         {"to", 2, Field::To},
        {"host", 4, Field::Host},           {"address", 7, Field::Address},   {"source_address", 14, Field::SourceAddress},
        {"transport", 9, Field::Transport}, {"port", 4, Field::Port},         {"protocol", 8, Field::Protocol},
        {"expect", 6, Field::Expect},       {"state", 5, Field::State},       {"reason", 6, Field::Reason},
        {"service", 7, Field::Service},     {"detail", 6, Field::Detail},     {"verdict", 7, Field::Verdict},
        {"latency_ms", 10, Field::Latency}, {"advice", 6, Field::Advice},     {"via", 3, Field::Via},
        {"ports", 5, Field::Ports},         {"tls", 3, Field::Tls},           {"tested_from", 11, Field::TestedFrom}};
    if (key.isEmpty())
        return Field::Other;
    for (const Name &n : names) {
        if (n.size == key.size() && n.text[0] == key.front() && std::memcmp(n.text, key.data(), size_t(n.size)) == 0)
            return n.field;
    }
    return Field::Other;
}

// The usual element read directly; false sends it to Check::fromJson (anything unusual, any fault).
bool parsePlainCheck(QByteArrayView element, Check *c)
{
    Element e(element.data(), element.data() + element.size());
    if (!e.consume('{'))
        return false;
    // The texts of the previous check read on this thread stay here: most of a check's texts are the
    // previous one's, and are then shared instead of made again (see Element::string).
    static thread_local QString strings[int(Field::Other)];
    bool isString[int(Field::Other)] = {};
    quint32 seen = 0;
    double port = -1;
    bool portIsNumber = false;
    double latency = -1;
    bool latencyIsNumber = false;
    QByteArrayView tls;
    if (e.peek() != '}') {
        do {
            e.skipSpace();
            const char *keyStart = e.position() + 1;
            if (!e.string(nullptr))
                return false;
            const QByteArrayView key(keyStart, e.position() - 1 - keyStart);
            if (!e.consume(':'))
                return false;
            if (key.contains('\\'))
                return false; // an escaped key may spell a field's name
            const Field f = fieldOf(key);
            if (f == Field::Other) { // value(1): a member, as deep as Source::valid() counts it
                if (!e.value(1))
                    return false;
                continue;
            }
            const quint32 bit = 1u << int(f);
            if (seen & bit)
                return false; // a repeated key: QJsonDocument decides which one counts
            seen |= bit;
            const char first = e.peek();
            if (first == '"') {
                if (!e.string(&strings[int(f)]))
                    return false;
                isString[int(f)] = true;
            } else if (f == Field::Port && first != '{' && first != '[' && first != 't' && first != 'f'
                       && first != 'n') {
                if (!e.number(&port))
                    return false;
                portIsNumber = true;
            } else if (f == Field::Latency && first != '{' && first != '[' && first != 't' && first != 'f'
                       && first != 'n') {
                if (!e.number(&latency))
                    return false;
                latencyIsNumber = true;
            } else if (f == Field::Tls && first == '{') {
                const char *start = e.position();
                if (!e.value(1))
                    return false;
                tls = QByteArrayView(start, e.position() - start);
            } else if (!e.value(1)) {
                return false;
            }
        } while (e.consume(','));
    }
    if (!e.consume('}') || !e.atEnd())
        return false;
    const auto text = [&](Field f) { return isString[int(f)] ? strings[int(f)] : QString(); };
    for (const Field f : {Field::Flow, Field::From, Field::To, Field::Host, Field::Transport, Field::State,
                          Field::Verdict}) {
        if (!isString[int(f)])
            return false;
    }
    if (!portIsNumber || port < 0 || port > 65535 || std::floor(port) != port)
        return false;
    bool ok = false;
    c->state = stateFromName(text(Field::State), &ok);
    if (!ok)
        return false;
    c->service = serviceFromName(isString[int(Field::Service)] ? text(Field::Service) : QStringLiteral("unchecked"), &ok);
    if (!ok)
        return false;
    c->verdict = verdictFromName(text(Field::Verdict), &ok);
    if (!ok)
        return false;
    c->flowId = text(Field::Flow);
    c->from = text(Field::From);
    c->to = text(Field::To);
    c->host = text(Field::Host);
    c->address = text(Field::Address);
    c->sourceAddress = text(Field::SourceAddress);
    c->transport = text(Field::Transport) == QLatin1String("udp") ? Transport::Udp : Transport::Tcp;
    c->port = quint16(port);
    c->protocol = isString[int(Field::Protocol)] ? text(Field::Protocol) : QStringLiteral("tcp");
    c->expect = expectationFromName(text(Field::Expect));
    c->reason = text(Field::Reason);
    c->detail = text(Field::Detail);
    c->latencyMs = latencyIsNumber ? latency : -1;
    c->advice = text(Field::Advice);
    c->via = text(Field::Via);
    c->portRange = text(Field::Ports);
    if (!tls.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(tls.toByteArray());
        c->tls = TlsFacts::fromJson(doc.object());
    }
    c->testedFrom = text(Field::TestedFrom);
    c->runnable = c->state != CheckState::NotTested;
    c->softFinding = c->verdict == Verdict::Warn && c->state == CheckState::Open;
    return true;
}
} // namespace

bool ResultsFile::parsePlain(QByteArrayView element, Check *check)
{
    return parsePlainCheck(element, check);
}

Check ResultsFile::parseCheck(QByteArrayView element, const char *array, qint64 index, QStringList *errors)
{
    Check c;
    if (parsePlainCheck(element, &c))
        return c;
    return parseCheck(element, QStringLiteral("%1[%2]").arg(QLatin1String(array)).arg(index), errors);
}

Check ResultsFile::parseCheck(QByteArrayView element, const QString &path, QStringList *errors)
{
    Check c;
    if (parsePlainCheck(element, &c))
        return c;
    QJsonValue value;
    if (!toJsonValue(element, &value)) {
        errors->append(path + QLatin1String(": ") + QCoreApplication::translate("RunResults", "not valid JSON"));
        return Check{};
    }
    return Check::fromJson(value.toObject(), path, errors);
}

bool ResultsFile::readRaw(const QString &path, QJsonObject *smallKeys, QStringList *errors,
                          const RawHandlers &handlers)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        errors->append(QCoreApplication::translate("RunResults", "cannot read the file: %1").arg(file.errorString()));
        return false;
    }
    Source in(&file, handlers);
    in.skipByteOrderMark(); // a file saved by a Windows editor
    const auto failed = [&] {
        errors->append(in.error.isEmpty() ? QCoreApplication::translate("RunResults", "not valid JSON at offset %1").arg(in.offset()) : in.error);
        return false;
    };
    if (!in.consume('{', QCoreApplication::translate("RunResults", "expected an object")))
        return failed();
    if (in.peek() == '}') {
        in.consume('}', QString());
    } else {
        for (;;) {
            if (in.peek() != '"')
                return in.failHere(QCoreApplication::translate("RunResults", "expected a key")), failed();
            QByteArrayView keyBytes;
            if (!in.extent(&keyBytes) || !in.valid(keyBytes))
                return failed();
            QJsonValue key;
            if (!toJsonValue(keyBytes, &key))
                return in.failHere(QCoreApplication::translate("RunResults", "unexpected character")), failed();
            in.take(keyBytes);
            if (!in.consume(':', QCoreApplication::translate("RunResults", "expected : after a key")))
                return failed();
            const QString name = key.toString();
            if ((name == QLatin1String("checks") || name == QLatin1String("vantage_checks")) && in.peek() == '[') {
                const bool checks = name == QLatin1String("checks");
                if (!readArray(in, checks ? handlers.plainCheck : handlers.plainVantageCheck,
                               checks ? handlers.check : handlers.vantageCheck))
                    return failed();
                smallKeys->insert(name, QJsonArray());
            } else {
                if (in.peek() == '\0')
                    return in.failHere(QCoreApplication::translate("RunResults", "unexpected end of file")), failed();
                QByteArrayView value;
                if (!in.extent(&value) || !in.valid(value))
                    return failed();
                QJsonValue v;
                if (!toJsonValue(value, &v))
                    return in.failHere(QCoreApplication::translate("RunResults", "unexpected character")), failed();
                smallKeys->insert(name, v);
                in.take(value);
            }
            if (in.peek() == ',') {
                in.consume(',', QString());
                continue;
            }
            if (!in.consume('}', QCoreApplication::translate("RunResults", "expected , or } after a value")))
                return failed();
            break;
        }
    }
    if (in.peek() != '\0')
        return in.failHere(QCoreApplication::translate("RunResults", "garbage after the object")), failed();
    if (!in.error.isEmpty())
        return failed();
    return true;
}

RunResults ResultsFile::read(const QString &path, QStringList *errors, const ReadOptions &options)
{
    QList<Check> checks;
    QStringList checkErrors;
    qint64 vantageCount = 0;
    RawHandlers raw;
    raw.progress = options.progress;
    raw.cancel = options.cancel;
    raw.check = [&](QByteArrayView element) {
        Check c = parseCheck(element, "checks", checks.size(), &checkErrors);
        c.id = int(checks.size());
        checks << c;
    };
    raw.vantageCheck = [&](QByteArrayView element) {
        if (options.eachVantageCheck && checkErrors.isEmpty()) {
            Check c = parseCheck(element, "vantage_checks", vantageCount, &checkErrors);
            c.id = int(std::min<qint64>(vantageCount, std::numeric_limits<int>::max()));
            if (checkErrors.isEmpty())
                options.eachVantageCheck(c);
        }
        ++vantageCount;
    };
    QJsonObject root;
    if (!readRaw(path, &root, errors, raw))
        return {};
    RunResults r = RunResults::fromJsonObject(root, errors);
    if (!errors->isEmpty() && !RunResults::checkFormat(root.value(QStringLiteral("format")), nullptr))
        return r; // another format: its checks mean something else
    *errors << checkErrors;
    r.checks = checks;
    r.vantageCheckCount = vantageCount;
    return r;
}
