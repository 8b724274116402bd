# Classifies the threads of a `jcmd <pid> Thread.dump_to_file -format=text` dump (virtual threads included) by
# what they are doing, so a dump taken under load shows where requests wait. Paragraph mode: one thread a block.
#   awk -f bench/threads.awk dump.txt
BEGIN { RS = ""; FS = "\n" }
/^#[0-9]+ "/ {
    s = $0
    if (s ~ /"parley-sqlite-writer"/ && s ~ /LinkedBlockingQueue\.take/) c = "SQLite writer thread: idle, waiting for work"
    else if (s ~ /"parley-sqlite-writer"/)                          c = "SQLite writer thread: running a batch"
    else if (s ~ /GroupCommitter\.write/)                          c = "waiting for its write to be committed (group commit queue or batch)"
    else if (s ~ /ConcurrentBag\.borrow/ && s ~ /Database\.write/)   c = "waiting for the SQLite write connection (Database.write)"
    else if (s ~ /ConcurrentBag\.borrow/)                          c = "waiting for a SQLite read connection"
    else if (s ~ /Database\.write/)                               c = "holding the write connection (in a write transaction)"
    else if (s ~ /Database\.read/)                                c = "holding a read connection"
    else if (s ~ /ConversationService\.sync/)                       c = "request thread waiting for its turn to finish (ConversationService.sync)"
    else if (s ~ /WakeUps|EventsService/)                         c = "long poll waiting"
    else if (s ~ /Http1Connection/ && s ~ /(read|Read)/)             c = "connection idle, reading the next request"
    else if (s ~ /Http1Connection|io\.helidon\.webserver/)           c = "Helidon request handling (other)"
    else if (s ~ /dev\.parley\.bot/)                                 c = "bot engine"
    else if (s ~ / virtual/)                                       c = "other virtual thread"
    else                                                          c = "platform thread (JVM, pools, carriers)"
    n[c]++
    total++
}
END {
    for (c in n) printf "%6d  %s\n", n[c], c
    printf "%6d  threads in all\n", total
}
