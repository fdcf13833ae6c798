# kind: wrong
# why: Creates one block(out, out) and repeats the same instance with list multiplication, so for 3+ blocks (ResNet-34) the later blocks share weights and load_state_dict gives wrong logits; violates 'um nn.Sequential de num_blocks blocos' / 'Os demais blocos mantêm tudo: block(out_channels, out_channels)' (one call per block).
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
    downsample = None
    if stride != 1 or in_channels != out_channels:
        downsample = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                                   nn.BatchNorm2d(out_channels))
    first = block(in_channels, out_channels, stride, downsample)
    rest = [block(out_channels, out_channels)] * (num_blocks - 1)
    return nn.Sequential(first, *rest)
