package io.yantar.node.faults;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --byzantine equivocate|silent|garbage|replay}, in lower case as the help prints it. */
public final class ByzantineModeConverter implements ITypeConverter<ByzantineMode> {
    @Override
    public ByzantineMode convert(String value) {
        return Arrays.stream(ByzantineMode.values()).filter(mode -> mode.cliName().equals(value)).findFirst()
                .orElseThrow(() -> new TypeConversionException("unknown mode '" + value + "'; one of "
                        + Arrays.stream(ByzantineMode.values()).map(ByzantineMode::cliName).collect(Collectors.joining(", "))));
    }
}
