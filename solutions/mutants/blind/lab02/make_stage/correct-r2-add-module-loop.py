# kind: correct
# why: Builds an empty nn.Sequential and add_module(str(i), ...) in a single loop, the downsample built from an OrderedDict-free Sequential only for block 0 when stride != 1 or channels change; same calls, names and outputs.
def make_stage(block, in_channels, out_channels, num_blocks, stride):
    """Monta um estágio (layer1..layer4) da ResNet: um nn.Sequential de num_blocks blocos.

    - O primeiro bloco recebe in_channels canais, devolve out_channels e usa o stride
      dado: block(in_channels, out_channels, stride, downsample).
    - Ele precisa de downsample quando stride != 1 ou in_channels != out_channels:
      nn.Sequential(conv 1x1 com esse stride e sem bias, nn.BatchNorm2d(out_channels));
      caso contrário, o bloco não tem downsample (None).
    - Os demais blocos mantêm tudo: block(out_channels, out_channels).
    Passe os argumentos de block na ordem acima (posicionais).
    """
    stage = nn.Sequential()
    channels = in_channels
    for i in range(num_blocks):
        if i == 0:
            needs_shortcut = stride != 1 or channels != out_channels
            shortcut = None
            if needs_shortcut:
                shortcut = nn.Sequential()
                shortcut.add_module("0", nn.Conv2d(channels, out_channels, 1, stride, 0, bias=False))
                shortcut.add_module("1", nn.BatchNorm2d(out_channels))
            new_block = block(channels, out_channels, stride, shortcut)
        else:
            new_block = block(channels, out_channels)
        stage.add_module(str(i), new_block)
        channels = out_channels
    return stage
