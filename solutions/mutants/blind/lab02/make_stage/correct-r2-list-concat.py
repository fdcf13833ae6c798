# kind: correct
# why: First block with its (possibly None) conv1x1+BN downsample passed positionally, then a list comprehension of num_blocks-1 fresh block(out, out); returns nn.Sequential, keys 0..n-1 as torchvision.
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
        downsample = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False),
            nn.BatchNorm2d(out_channels),
        )
    first = [block(in_channels, out_channels, stride, downsample)]
    rest = [block(out_channels, out_channels) for _ in range(num_blocks - 1)]
    return nn.Sequential(*(first + rest))
