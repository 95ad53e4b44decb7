package io.yantar.bench.load;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** The fresh keys that send the bench's transfers, with their addresses. */
public final class BenchAccounts {
    private final List<SigningKey> keys;
    private final List<Address> addresses;
    private final AddressCodec codec;

    private BenchAccounts(CryptoSuite suite, List<SigningKey> keys) {
        this.keys = List.copyOf(keys);
        this.addresses = keys.stream().map(key -> Address.ofPublicKey(suite, ByteString.copyFrom(key.publicKey()))).toList();
        this.codec = new AddressCodec(suite);
    }

    public static BenchAccounts generate(CryptoSuite suite, int count, SecureRandom random) {
        List<SigningKey> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(suite.generateKey(random));
        }
        return new BenchAccounts(suite, keys);
    }

    public int size() {
        return keys.size();
    }

    public SigningKey key(int index) {
        return keys.get(index);
    }

    public Address address(int index) {
        return addresses.get(index);
    }

    public List<Address> addresses() {
        return addresses;
    }

    public String addressText(int index) {
        return codec.format(addresses.get(index));
    }
}
