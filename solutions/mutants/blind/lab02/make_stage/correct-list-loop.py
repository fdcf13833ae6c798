# kind: correct
# why: builds the block list in a for loop over range(num_blocks); the first gets (in, out, stride, downsample) with downsample = Sequential(1x1 conv no bias, BN) iff stride != 1 or channels change; the rest block(out, out)
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
    # SEU CÓDIGO AQUI
    needs_projection = stride != 1 or in_channels != out_channels
    downsample = None
    if needs_projection:
        downsample = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False),
            nn.BatchNorm2d(out_channels),
        )
    blocks = []
    for i in range(num_blocks):
        if i == 0:
            blocks.append(block(in_channels, out_channels, stride, downsample))
        else:
            blocks.append(block(out_channels, out_channels))
    return nn.Sequential(*blocks)
